import { describe, expect, it } from "vitest";
import { O_RDONLY, O_RDWR, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { FIONREAD } from "../../src/include/uapi/ioctl.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { proc_create_single, proc_mkdir, remove_proc_subtree, seq_puts } from "../../src/linux.ts";
import { bootWith, expectErrno, insmod, proc, readText, rmmod } from "../helpers.ts";

const roModule: ModuleDefinition = {
  name: "protest",
  license: "GPL",
  load() {
    return {
      init() {
        const d = proc_mkdir("protest", null);
        proc_create_single("ro", 0o444, d, (m) => {
          seq_puts(m, "hello\n");
        });
        proc_create_single("rw_noop", 0o666, d, (m) => {
          seq_puts(m, "x\n");
        });
        return 0;
      },
      exit() {
        remove_proc_subtree("protest", null);
      },
    };
  },
};

describe("procfs files without a write method", () => {
  it("root may open for writing, and write() fails with EIO; others get EACCES at open", async () => {
    const k = await bootWith([roModule]);
    expect(await insmod(k, "protest")).toBe(0);
    const root = proc(k, 0).libc;
    const fd = await root.open("/proc/protest/ro", O_WRONLY);
    await expectErrno(root.writeBytes(fd, "1\n"), "EIO");
    const user = proc(k, 1000).libc;
    await expectErrno(user.open("/proc/protest/ro", O_WRONLY), "EACCES");
    // mode allows writing, but there is still no write method
    const fd2 = await user.open("/proc/protest/rw_noop", O_RDWR);
    await expectErrno(user.writeBytes(fd2, "1"), "EIO");
  });

  it("an entry removed while open gives EIO on the next read; the module can go", async () => {
    const k = await bootWith([roModule]);
    expect(await insmod(k, "protest")).toBe(0);
    const { libc } = proc(k, 1000);
    const fd = await libc.open("/proc/protest/ro", O_RDONLY);
    expect(new TextDecoder().decode(await libc.readBytes(fd, 100))).toBe("hello\n");
    expect(await rmmod(k, "protest")).toBe(0);
    await expectErrno(libc.preadBytes(fd, 100, 0), "EIO");
    await expectErrno(libc.open("/proc/protest/ro", O_RDONLY), "ENOENT");
    expect(await libc.close(fd)).toBe(0);
  });

  it("FIONREAD on a proc file gives size - pos = 0", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 1000);
    const fd = await libc.open("/proc/version", O_RDONLY);
    const p = libc.mem.malloc(4);
    libc.mem.setI32(p, 77);
    await libc.ioctl(fd, FIONREAD, p);
    expect(libc.mem.i32(p)).toBe(0);
  });
});

describe("standard /proc entries", () => {
  it("version, self, modules, mounts, filesystems", async () => {
    const k = await bootWith();
    const { libc, task } = proc(k, 1000);
    expect(await readText(libc, "/proc/version")).toMatch(
      /^Linux version 5\.4\.0-llkd01 \(llkd@llkd-vbox\) \(gcc version 7\.5\.0/,
    );
    expect(await libc.readlink("/proc/self")).toBe(String(task.pid));
    expect(await readText(libc, "/proc/self/comm")).toBe("vkern-host\n");
    expect(await readText(libc, "/proc/mounts")).toContain(
      "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n",
    );
    expect(await readText(libc, "/proc/filesystems")).toContain("nodev\tproc\n");
    expect(await readText(libc, `/proc/${task.pid}/cmdline`)).toBe("vkern-host\0");
    const status = await readText(libc, "/proc/self/status");
    expect(status).toMatch(/^Name:\tvkern-host\nUmask:\t0002\nState:\tR \(running\)\n/);
    expect(status).toContain("Uid:\t1000\t1000\t1000\t1000\n");
    const stat = await readText(libc, "/proc/self/stat");
    expect(stat.startsWith(`${task.pid} (vkern-host) R 1 `)).toBe(true);
    const fds = (await libc.readdir("/proc/self/fd"))
      .map((e) => e.name)
      .filter((n) => !n.startsWith("."));
    expect(fds.slice(0, 3)).toEqual(["0", "1", "2"]);
  });

  it("config.gz is a gzip of the kernel configuration", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 1000);
    const gz = await libc.readFile("/proc/config.gz");
    const { gunzipSync } = await import("fflate");
    const text = new TextDecoder().decode(gunzipSync(gz));
    for (const opt of [
      "CONFIG_PROC_FS=y",
      "CONFIG_SYSFS=y",
      "CONFIG_DEBUG_FS=y",
      "CONFIG_IKCONFIG_PROC=y",
      "CONFIG_HZ=250",
    ]) {
      expect(text).toContain(`${opt}\n`);
    }
    const st = await libc.stat("/proc/config.gz");
    expect(st.size).toBe(gz.length);
  });

  it("the procfs demo: read, write, validate, permissions, unload", async () => {
    const k = await bootWith();
    expect(await insmod(k, "procfs_simple_intf")).toBe(0);
    const user = proc(k, 1000).libc;
    const root = proc(k, 0).libc;
    const dir = "/proc/procfs_simple_intf";
    expect(await readText(user, `${dir}/llkdproc_debug_level`)).toBe("debug_level:0\n");
    await root.writeFile(`${dir}/llkdproc_debug_level`, "2\n");
    expect(await readText(user, `${dir}/llkdproc_debug_level`)).toBe("debug_level:2\n");
    await expectErrno(root.writeFile(`${dir}/llkdproc_debug_level`, "5\n"), "EFAULT");
    expect(k.log.all().at(-1)?.text).toBe(
      "procfs_simple_intf: trying to set invalid value for debug_level [allowed range: 0-2]; resetting to previous (2)",
    );
    expect(await readText(user, `${dir}/llkdproc_debug_level`)).toBe("debug_level:2\n");
    await expectErrno(user.open(`${dir}/llkdproc_debug_level`, O_WRONLY), "EACCES");
    await expectErrno(user.open(`${dir}/llkdproc_show_drvctx`, O_RDONLY), "EACCES");
    await root.writeFile(`${dir}/llkdproc_debug_level`, "1\n");
    expect(await readText(root, `${dir}/llkdproc_show_drvctx`)).toBe(
      "prodname:procfs_simple_intf\ntx:0,rx:0,err:0,myword:0,power:1\nconfig1:0x1,config2:0x48524a5f,config3:0x424c0a52\noursecret:AhA xxx\n",
    );
    expect(await readText(user, `${dir}/llkdproc_show_pgoff`)).toBe(
      "procfs_simple_intf:PAGE_OFFSET:0xffff888000000000\n",
    );
    expect(await readText(user, `${dir}/llkdproc_config1`)).toBe(
      "procfs_simple_intf:config1:1,0x1\n",
    );
    expect(await readText(user, "/proc/modules")).toMatch(
      /^procfs_simple_intf \d+ 0 - Live 0x0{16} \(O\)\n$/,
    );
    expect(await rmmod(k, "procfs_simple_intf")).toBe(0);
    await expectErrno(user.stat(dir), "ENOENT");
  });
});
