/** The debugfs tree: mount, permissions, creation and removal, the file proxies, blobs. */
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_WRONLY, SEEK_SET } from "../../src/include/uapi/fcntl.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  debugfs_create_blob,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_create_regset32,
  debugfs_create_symlink,
  debugfs_create_u32,
  debugfs_create_u32_array,
  debugfs_lookup,
  debugfs_remove,
  debugfs_remove_recursive,
  EACCES,
  EEXIST,
  type File,
  file_inode,
  IS_ERR,
  kptr,
  type Loff,
  PTR_ERR,
  simple_open,
  simple_read_from_buffer,
  type UserPtr,
} from "../../src/linux.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";
import { cat, DBG, errnoOf, fixture, readChunks, write1 } from "./util.ts";

describe("the mount", () => {
  it("is on /sys/kernel/debug, root-only (0700): others get EACCES below it", async () => {
    const { k, root } = await fixture();
    const mounts = await cat(root, "/proc/mounts");
    expect(mounts).toContain(
      "debugfs /sys/kernel/debug debugfs rw,nosuid,nodev,noexec,relatime 0 0",
    );
    const st = await root.stat(DBG);
    expect(st.mode).toBe(0o40700);
    expect(st.uid).toBe(0);
    const user = proc(k, 1000).libc;
    expect(await errnoOf(user.stat(`${DBG}/t`))).toBe("EACCES");
    expect(await errnoOf(user.open(DBG, O_RDONLY | 0o200000))).toBe("EACCES");
    expect(await errnoOf(user.stat(`${DBG}/nonexistent`))).toBe("EACCES");
    expect((await user.stat(DBG)).mode).toBe(0o40700);
    expect(await errnoOf(root.stat(`${DBG}/nonexistent`))).toBe("ENOENT");
    expect((await root.readdir(DBG)).map((e) => e.name)).toContain("t");
  });

  it("mount -t debugfs shares the one superblock; mode= applies to every mount, 0700 again without", async () => {
    const { k, root } = await fixture();
    const s = (x: string) => root.mem.strdup(x);
    expect(
      await root.rawSyscall("mount", s("none"), s("/mnt"), s("debugfs"), 0, s("mode=755")),
    ).toBe(0);
    expect((await root.readdir("/mnt")).map((e) => e.name)).toContain("t");
    expect((await root.stat(DBG)).mode).toBe(0o40755);
    expect(await cat(root, "/proc/mounts")).toContain("none /mnt debugfs rw,relatime,mode=755 0 0");
    expect(await errnoOf(proc(k, 1000).libc.stat(`${DBG}/t`))).toBe("ok");
    expect(await root.rawSyscall("umount2", s("/mnt"), 0)).toBe(0);
    expect(await root.rawSyscall("mount", s("none"), s("/mnt"), s("debugfs"), 0, 0)).toBe(0);
    expect((await root.stat(DBG)).mode).toBe(0o40700);
    expect(await root.rawSyscall("mount", s("x"), s("/mnt"), s("debugfs"), 0, s("mode=9"))).toBe(
      -22,
    );
  });

  it("files: mode as given, size 0, owner root; directories 0755 with link counts", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 0 };
    k.run(() => {
      debugfs_create_u32("a", 0o644, dir, kptr(v, "value"));
      debugfs_create_dir("sub", dir);
      debugfs_create_file("raw", 0o440, dir, null, null);
    });
    const a = await root.stat(`${DBG}/t/a`);
    expect([a.mode, a.size, a.nlink, a.uid, a.gid]).toEqual([0o100644, 0, 1, 0, 0]);
    expect((await root.stat(`${DBG}/t/raw`)).mode).toBe(0o100440);
    const t = await root.stat(`${DBG}/t`);
    expect([t.mode, t.nlink]).toEqual([0o40755, 3]);
    expect((await root.stat(`${DBG}/t/sub`)).nlink).toBe(2);
  });
});

describe("creating and removing", () => {
  it("refuses duplicates (EEXIST) and bad names (EACCES, as lookup_one_len)", async () => {
    const { k, dir } = await fixture();
    const results = k.run(() =>
      ["x", "x", "", ".", "..", "a/b"].map((n) => {
        const d = debugfs_create_dir(n, dir);
        return IS_ERR(d) ? PTR_ERR(d) : 0;
      }),
    );
    expect(results).toEqual([0, -EEXIST, -EACCES, -EACCES, -EACCES, -EACCES]);
  });

  it("debugfs_create_file(..., NULL fops) reads empty and swallows writes", async () => {
    const { k, root, dir } = await fixture();
    k.run(() => debugfs_create_file("noop", 0o644, dir, null, null));
    expect(await cat(root, `${DBG}/t/noop`)).toBe("");
    expect(await write1(root, `${DBG}/t/noop`, "hello")).toBe(5);
  });

  it("symlinks, lookup, and 5.4's debugfs_remove (only empty dirs) vs _recursive", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 1 };
    const sub = k.run(() => {
      const s = debugfs_create_dir("sub", dir);
      debugfs_create_u32("n", 0o644, s, kptr(v, "value"));
      debugfs_create_symlink("link", dir, "sub/n");
      return s;
    });
    expect(await root.readlink(`${DBG}/t/link`)).toBe("sub/n");
    expect(await cat(root, `${DBG}/t/link`)).toBe("1\n");
    expect(k.run(() => debugfs_lookup("sub", dir))).toBe(sub);
    expect(k.run(() => debugfs_lookup("nope", dir))).toBeNull();
    k.run(() => debugfs_remove(sub)); // not empty: stays in 5.4
    expect(await cat(root, `${DBG}/t/sub/n`)).toBe("1\n");
    k.run(() => debugfs_remove_recursive(sub));
    expect(await errnoOf(root.stat(`${DBG}/t/sub`))).toBe("ENOENT");
    expect((await root.stat(`${DBG}/t`)).nlink).toBe(2);
    expect(k.run(() => debugfs_lookup("sub", dir))).toBeNull();
  });

  it("a file removed while open answers EIO (debugfs_file_get)", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 1 };
    const f = k.run(() => debugfs_create_u32("n", 0o644, dir, kptr(v, "value")));
    const fd = await root.open(`${DBG}/t/n`, O_RDONLY);
    k.run(() => debugfs_remove(f));
    expect(await errnoOf(root.readBytes(fd, 10))).toBe("EIO");
    expect(await root.close(fd)).toBe(0);
    expect(await errnoOf(root.open(`${DBG}/t/n`, O_RDONLY))).toBe("ENOENT");
  });
});

describe("blob, u32_array, regset32", () => {
  it("blob: the bytes, seekable, no write method", async () => {
    const { k, root, dir } = await fixture();
    k.run(() => debugfs_create_blob("b", 0o444, dir, { data: "hello, blob", size: 5 }));
    expect(await cat(root, `${DBG}/t/b`)).toBe("hello");
    const fd = await root.open(`${DBG}/t/b`, O_RDONLY);
    expect(await root.lseek(fd, 3, SEEK_SET)).toBe(3);
    expect(new TextDecoder().decode(await root.readBytes(fd, 10))).toBe("lo");
    await root.close(fd);
    expect(await errnoOf(write1(root, `${DBG}/t/b`, "x"))).toBe("EINVAL");
  });

  it("u32_array: space-separated, newline-terminated, formatted at open, not seekable", async () => {
    const { k, root, dir } = await fixture();
    const arr = [1, 22, 4294967295];
    k.run(() => {
      debugfs_create_u32_array("a", 0o444, dir, arr, arr.length);
      debugfs_create_u32_array("s", 0o444, dir, { array: [7, 8], n_elements: 2 });
      debugfs_create_u32_array("e", 0o444, dir, [], 0);
      // every element 10 digits: snprintf's NUL eats the final newline (u32_format_array)
      debugfs_create_u32_array("q", 0o444, dir, [4294967295, 1000000000], 2);
    });
    expect(await cat(root, `${DBG}/t/a`)).toBe("1 22 4294967295\n");
    expect(await cat(root, `${DBG}/t/s`)).toBe("7 8\n");
    expect(await cat(root, `${DBG}/t/e`)).toBe("");
    expect(await cat(root, `${DBG}/t/q`)).toBe("4294967295 1000000000");
    expect(await readChunks(root, `${DBG}/t/s`, 2)).toEqual(["7 ", "8\n"]);
    const fd = await root.open(`${DBG}/t/a`, O_RDONLY);
    expect(await errnoOf(root.lseek(fd, 0, SEEK_SET))).toBe("ESPIPE");
    await root.close(fd);
  });

  it("regset32: '<name> = 0x%08x' per register, read with readl()", async () => {
    const { k, root, dir } = await fixture();
    const regs = new Uint32Array([0x12345678, 0xdeadbeef, 0]);
    k.run(() =>
      debugfs_create_regset32("r", 0o444, dir, {
        regs: [
          { name: "CTRL", offset: 0 },
          { name: "STATUS", offset: 4 },
          { name: "IRQ", offset: 8 },
        ],
        nregs: 3,
        base: regs,
      }),
    );
    expect(await cat(root, `${DBG}/t/r`)).toBe(
      "CTRL = 0x12345678\nSTATUS = 0xdeadbeef\nIRQ = 0x00000000\n",
    );
  });
});

/** A module with a generic file whose fops pin it (owner set), for refcount checks. */
const owned: ModuleDefinition = {
  name: "dbgowned",
  license: "GPL",
  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ dir: null as unknown });
    function owned_read(filp: File, ubuf: UserPtr, count: number, ppos: Loff): number {
      return simple_read_from_buffer(ubuf, count, ppos, `${filp.private_data}\n`);
    }
    const fops = { owner: THIS_MODULE, open: simple_open, read: owned_read };
    return {
      init() {
        g.dir = debugfs_create_dir("owned", null);
        debugfs_create_file("f", 0o444, g.dir as never, "private", fops);
        return 0;
      },
      exit() {
        debugfs_remove_recursive(g.dir as never);
      },
    };
  },
};

/** Leaves its files behind on unload; its fops (no owner, as the book's) die with it. */
const leaky: ModuleDefinition = {
  name: "dbgleaky",
  license: "GPL",
  load() {
    function leaky_read(_f: File, ubuf: UserPtr, count: number, ppos: Loff): number {
      return simple_read_from_buffer(ubuf, count, ppos, "x\n");
    }
    const fops = { read: leaky_read };
    return {
      init() {
        const d = debugfs_create_dir("leaky", null);
        debugfs_create_file("r444", 0o444, d, null, fops);
        debugfs_create_file("r440", 0o440, d, null, fops);
        return 0;
      },
      exit() {},
    };
  },
};

describe("leftover files of an unloaded module", () => {
  const CASES: [string, string][] = [
    // 5.4's debugfs_locked_down() reads real_fops only for a 0444 file opened read-only
    ["r444", "debugfs_locked_down"],
    ["r440", "full_proxy_open"],
  ];
  for (const [file, rip] of CASES) {
    it(`${file}: open faults in ${rip}; the task is killed, others go on`, async () => {
      const k = await bootWith([leaky]);
      expect(await insmod(k, "dbgleaky")).toBe(0);
      const { libc } = proc(k, 0);
      expect(await cat(libc, `${DBG}/leaky/${file}`)).toBe("x\n");
      const fd = await libc.open(`${DBG}/leaky/${file}`, O_RDONLY);
      expect(await rmmod(k, "dbgleaky")).toBe(0);
      const child = await libc.fork(async (c) => {
        await c.open(`${DBG}/leaky/${file}`, O_RDONLY);
        return 0;
      });
      expect((await libc.waitpid(child)).status).toBe(9);
      const log = k.log
        .all()
        .map((r) => r.text)
        .join("\n");
      expect(log).toMatch(new RegExp(`\\nRIP: 0010:${rip}\\+0x[0-9a-f]+/0x[0-9a-f]+\\n`));
      // an fd opened before the unload faults in the proxy's read
      const reader = await libc.fork(async (c) => {
        await c.readBytes(fd, 10);
        return 0;
      });
      expect((await libc.waitpid(reader)).status).toBe(9);
      expect(
        k.log
          .all()
          .map((r) => r.text)
          .join("\n"),
      ).toMatch(/\nRIP: 0010:full_proxy_read\+0x[0-9a-f]+\/0x[0-9a-f]+\n/);
      expect(k.oopsCount).toBe(2);
    });
  }
});

describe("the full proxy", () => {
  it("passes i_private through simple_open; an open file pins the owner module", async () => {
    const k = await bootWith([owned]);
    expect(await insmod(k, "dbgowned")).toBe(0);
    const { libc } = proc(k, 0);
    expect(await cat(libc, `${DBG}/owned/f`)).toBe("private\n");
    const fd = await libc.open(`${DBG}/owned/f`, O_RDONLY);
    expect(k.modules.find("dbgowned")?.refcnt).toBe(1);
    expect(await rmmod(k, "dbgowned")).toBe(-11); // EWOULDBLOCK: in use
    await libc.close(fd);
    expect(k.modules.find("dbgowned")?.refcnt).toBe(0);
    expect(await rmmod(k, "dbgowned")).toBe(0);
    expect(await errnoOf(libc.stat(`${DBG}/owned`))).toBe("ENOENT");
  });

  it("file_inode(filp)->i_private is the data given at creation", async () => {
    const { k, root, dir } = await fixture();
    let seen: unknown = null;
    const data = { tag: "ctx" };
    k.run(() =>
      debugfs_create_file("p", 0o400, dir, data, {
        read(filp: File) {
          seen = file_inode(filp).i_private;
          return 0;
        },
      }),
    );
    expect(await cat(root, `${DBG}/t/p`)).toBe("");
    expect(seen).toBe(data);
    const fd = await root.open(`${DBG}/t/p`, O_WRONLY);
    expect(await errnoOf(root.writeBytes(fd, "x"))).toBe("EINVAL"); // no write in real fops
    await root.close(fd);
  });
});
