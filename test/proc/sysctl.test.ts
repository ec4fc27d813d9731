import { describe, expect, it } from "vitest";
import { O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { bootWith, expectErrno, proc, readText } from "../helpers.ts";

describe("/proc/sys (proc_dointvec, proc_dostring)", () => {
  const cases: [string, string, string | null][] = [
    // written, then the value read back (null: the write fails with EINVAL)
    ["7\n", "7\n", null],
    [" 7\n", "7\n", null],
    ["0x10", "16\n", null],
    ["010", "8\n", null],
    ["-3\n", "-3\n", null],
    ["2147483647", "2147483647\n", null],
    ["2147483648", "", "EINVAL"],
    ["abc", "", "EINVAL"],
    ["12abc", "", "EINVAL"],
    ["\n", "", "EINVAL"],
  ];
  for (const [input, out, err] of cases) {
    it(`panic_on_oops <- ${JSON.stringify(input)}`, async () => {
      const k = await bootWith();
      const { libc } = proc(k, 0);
      const fd = await libc.open("/proc/sys/kernel/panic", O_WRONLY);
      if (err) {
        await expectErrno(libc.writeBytes(fd, input), err);
      } else {
        expect(await libc.writeBytes(fd, input)).toBe(input.length);
        expect(await readText(libc, "/proc/sys/kernel/panic")).toBe(out);
      }
    });
  }

  it("a second value for a one-int entry is not consumed (*lenp -= left)", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 0);
    const fd = await libc.open("/proc/sys/kernel/panic", O_WRONLY);
    expect(await libc.writeBytes(fd, "5 6")).toBe(2);
    expect(await readText(libc, "/proc/sys/kernel/panic")).toBe("5\n");
  });

  it("vectors read tab-separated; reads past 0 give nothing", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 1000);
    expect(await readText(libc, "/proc/sys/kernel/printk")).toBe("4\t4\t1\t7\n");
    const fd = await libc.open("/proc/sys/kernel/printk", 0);
    expect((await libc.preadBytes(fd, 100, 3)).length).toBe(0);
  });

  it("strings: hostname writes change uname; osrelease is read-only even for root", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 0);
    await libc.writeFile("/proc/sys/kernel/hostname", "box2\n");
    expect((await libc.uname()).nodename).toBe("box2");
    expect(await readText(libc, "/proc/sys/kernel/osrelease")).toBe("5.4.0-llkd01\n");
    await expectErrno(libc.open("/proc/sys/kernel/osrelease", O_WRONLY), "EACCES");
  });

  it("dmesg_restrict needs CAP_SYS_ADMIN and 0..1; tainted only gains bits", async () => {
    const k = await bootWith();
    const root = proc(k, 0).libc;
    await expectErrno(root.writeFile("/proc/sys/kernel/dmesg_restrict", "2\n"), "EINVAL");
    await root.writeFile("/proc/sys/kernel/dmesg_restrict", "1\n");
    expect(k.sysctl.dmesg_restrict).toBe(1);
    await root.writeFile("/proc/sys/kernel/tainted", "4096\n");
    await root.writeFile("/proc/sys/kernel/tainted", "0\n");
    expect(await readText(root, "/proc/sys/kernel/tainted")).toBe("4096\n");
    const user = proc(k, 1000).libc;
    await expectErrno(user.open("/proc/sys/kernel/panic_on_oops", O_WRONLY), "EACCES");
  });
});
