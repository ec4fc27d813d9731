/**
 * The sysfs show/store contract (fs/kernfs/file.c, fs/sysfs/file.c of Linux 5.4), driven
 * through system calls on /sys/kernel/contract/ of a test module.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../../src/include/uapi/fcntl.ts";
import { FIONREAD } from "../../src/include/uapi/ioctl.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { bootWith, expectErrno, insmod, proc } from "../helpers.ts";
import { contract_module, ctl, removeAttr, resetCtl } from "./contract_module.ts";

const D = "/sys/kernel/contract";
const dec = new TextDecoder();
let k: Kernel;

beforeAll(async () => {
  k = await bootWith([contract_module]);
  expect(await insmod(k, "sysfs_contract")).toBe(0);
});
beforeEach(() => resetCtl());

const root = () => proc(k, 0).libc;

describe("reads", () => {
  it("a read of a page returns show's text, the next one EOF", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    expect(dec.decode(await libc.readBytes(fd, 4096))).toBe("hello\n");
    expect((await libc.readBytes(fd, 4096)).length).toBe(0);
    expect(ctl.showCalls).toBe(1);
    await libc.close(fd);
  });

  it("small reads come from one show() result", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    let got = "";
    for (;;) {
      const b = await libc.readBytes(fd, 1);
      if (!b.length) break;
      got += dec.decode(b);
      ctl.text = "changed!\n"; // later calls of show would see this
    }
    expect(got).toBe("hello\n");
    expect(ctl.showCalls).toBe(1);
    await libc.close(fd);
  });

  it("every show() gets a zeroed page, whatever earlier shows left in it", async () => {
    const libc = root();
    ctl.scribble = true;
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    ctl.text = "a longer line of text\n";
    expect(dec.decode(await libc.preadBytes(fd, 64, 0))).toBe("a longer line of text\n");
    ctl.text = "hi\n";
    expect(dec.decode(await libc.preadBytes(fd, 64, 0))).toBe("hi\n");
    expect(dec.decode(await libc.preadBytes(fd, 64, 0))).toBe("hi\n");
    await libc.close(fd);
    // A new open may get a recycled seq_file page: it is cleared for show() all the same.
    const fd2 = await libc.open(`${D}/ro`, O_RDONLY);
    expect(dec.decode(await libc.preadBytes(fd2, 64, 0))).toBe("hi\n");
    await libc.close(fd2);
    expect(ctl.dirtySeen).toEqual([-1, -1, -1, -1]);
  });

  it.each([
    [0, 6, "hello\n"],
    [2, 100, "llo\n"],
    [5, 1, "\n"],
    [6, 10, ""],
    [4000, 10, ""],
  ])("pread at %i of %i bytes", async (off, n, want) => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    expect(dec.decode(await libc.preadBytes(fd, n, off))).toBe(want);
    await libc.close(fd);
  });

  it("lseek: SEEK_END is PAGE_SIZE, reads continue at the position", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    expect(await libc.lseek(fd, 0, SEEK_END)).toBe(4096);
    expect(await libc.lseek(fd, 3, SEEK_SET)).toBe(3);
    expect(dec.decode(await libc.readBytes(fd, 100))).toBe("lo\n");
    expect(await libc.lseek(fd, 0, SEEK_CUR)).toBe(6);
    await libc.close(fd);
  });

  it("a zero-byte read returns 0", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    expect((await libc.readBytes(fd, 0)).length).toBe(0);
    expect(dec.decode(await libc.readBytes(fd, 10))).toBe("hello\n");
    await libc.close(fd);
  });

  it.each([
    [4095, 4095, false],
    [4096, 4095, true],
    [5000, 4095, true],
  ])("show() returning %i gives %i bytes (warning: %s)", async (ret, want, warns) => {
    const libc = root();
    ctl.text = "x".repeat(Math.min(ret, 4095));
    ctl.showRet = ret;
    const before = k.log.all().length;
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    const b = await libc.readBytes(fd, 8192);
    expect(b.length).toBe(want);
    await libc.close(fd);
    const msgs = k.log
      .all()
      .slice(before)
      .map((r) => r.text);
    const warning = msgs.find((m) => m.startsWith("fill_read_buffer: "));
    if (warns)
      expect(warning).toMatch(
        /^fill_read_buffer: kobj_attr_show\+0x0\/0x[0-9a-f]+ returned bad count$/,
      );
    else expect(warning).toBeUndefined();
  });

  it.each([
    [-22, "EINVAL"],
    [-5, "EIO"],
    [-12, "ENOMEM"],
  ])("show() returning %i fails the read with %s", async (ret, code) => {
    const libc = root();
    ctl.showRet = ret;
    const fd = await libc.open(`${D}/rw`, O_RDONLY);
    await expectErrno(libc.readBytes(fd, 10), code);
    await libc.close(fd);
  });

  it("a readable mode with no show() reads as EIO (kobj_attr_show)", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/noshow`, O_RDONLY);
    await expectErrno(libc.readBytes(fd, 10), "EIO");
    await libc.close(fd);
  });

  it("stat and FIONREAD say PAGE_SIZE", async () => {
    const libc = root();
    expect((await libc.stat(`${D}/ro`)).size).toBe(4096);
    expect((await libc.stat(D)).size).toBe(0);
    const fd = await libc.open(`${D}/ro`, O_RDONLY);
    const p = libc.mem.malloc(4);
    await libc.ioctl(fd, FIONREAD, p);
    expect(new DataView(libc.mem.read(p, 4).buffer).getInt32(0, true)).toBe(4096);
    await libc.close(fd);
  });
});

describe("writes", () => {
  it("each write() is one store() of a NUL-terminated copy", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_WRONLY);
    expect(await libc.writeBytes(fd, "abc")).toBe(3);
    expect(await libc.writeBytes(fd, "2\n")).toBe(2);
    expect(ctl.stores).toEqual([
      { count: 3, text: "abc", nulAtCount: true },
      { count: 2, text: "2\n", nulAtCount: true },
    ]);
    await libc.close(fd);
  });

  it("a long write is cut to PAGE_SIZE for one store()", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_WRONLY);
    expect(await libc.writeBytes(fd, "y".repeat(5000))).toBe(4096);
    expect(ctl.stores.map((s) => s.count)).toEqual([4096]);
    expect(ctl.stores[0].nulAtCount).toBe(true);
    await libc.close(fd);
  });

  it("the file position is ignored: pwrite at 100 passes the same buffer", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_WRONLY);
    const p = libc.mem.strdup("7");
    expect(await libc.pwrite(fd, p, 1, 100)).toBe(1);
    expect(ctl.stores).toEqual([{ count: 1, text: "7", nulAtCount: true }]);
    await libc.close(fd);
  });

  it("a zero-length write returns 0 without calling store()", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/rw`, O_WRONLY);
    expect(await libc.writeBytes(fd, "")).toBe(0);
    expect(ctl.stores).toEqual([]);
    await libc.close(fd);
  });

  it.each([
    [1, 1, null],
    [0, 0, null],
    [-22, null, "EINVAL"],
    [-14, null, "EFAULT"],
    [-28, null, "ENOSPC"],
  ])("store() returning %i: write gives %s / %s", async (ret, n, code) => {
    const libc = root();
    ctl.storeRet = ret;
    const fd = await libc.open(`${D}/rw`, O_WRONLY);
    if (code) await expectErrno(libc.writeBytes(fd, "abc"), code);
    else expect(await libc.writeBytes(fd, "abc")).toBe(n);
    await libc.close(fd);
  });

  it("a writable mode with no store() writes as EIO", async () => {
    const libc = root();
    const fd = await libc.open(`${D}/nostore`, O_WRONLY);
    await expectErrno(libc.writeBytes(fd, "1"), "EIO");
    await libc.close(fd);
  });
});

describe("open permissions", () => {
  it.each([
    ["ro", O_WRONLY, 0, "EACCES"],
    ["ro", O_RDWR, 0, "EACCES"],
    ["wo", O_RDONLY, 0, "EACCES"],
    ["wo", O_RDWR, 0, "EACCES"],
    ["rw", O_WRONLY, 1000, "EACCES"],
    ["wo", O_WRONLY, 1000, "EACCES"],
    ["rw", O_RDWR, 0, null],
    ["wo", O_WRONLY, 0, null],
    ["ro", O_RDONLY, 1000, null],
  ])("open %s with flags %i as uid %i: %s", async (name, flags, uid, code) => {
    const { libc } = proc(k, uid);
    if (code) await expectErrno(libc.open(`${D}/${name}`, flags), code);
    else await libc.close(await libc.open(`${D}/${name}`, flags));
  });
});

describe("removal while open", () => {
  it("read and write of a removed attribute give ENODEV, close works", async () => {
    const libc = root();
    const r = await libc.open(`${D}/emit_at`, O_RDONLY);
    const w = await libc.open(`${D}/wo`, O_WRONLY);
    k.run(() => {
      removeAttr("emit_at");
      removeAttr("wo");
    });
    await expectErrno(libc.readBytes(r, 10), "ENODEV");
    await expectErrno(libc.writeBytes(w, "1"), "ENODEV");
    await expectErrno(libc.writeBytes(w, ""), "ENODEV");
    expect(await libc.close(r)).toBe(0);
    expect(await libc.close(w)).toBe(0);
    await expectErrno(libc.open(`${D}/wo`, O_WRONLY), "ENOENT");
  });
});

describe("sysfs_emit, groups, binary attributes", () => {
  it("sysfs_emit and sysfs_emit_at", async () => {
    const libc = root();
    expect(await libc.readFileText(`${D}/emit`)).toBe("42:x\n");
  });

  it("sysfs_emit on a buffer that is not the page warns and writes nothing", async () => {
    const libc = root();
    const before = k.log.all().length;
    expect(await libc.readFileText(`${D}/emit_bad`)).toBe("");
    const msgs = k.log
      .all()
      .slice(before)
      .map((r) => r.text);
    expect(msgs[0]).toBe("------------[ cut here ]------------");
    expect(msgs[1]).toMatch(/^invalid sysfs_emit: buf:[0-9a-f]{16}$/);
    expect(msgs[2]).toMatch(/^WARNING: CPU: 0 PID: \d+ at fs\/sysfs\/file.c:737 sysfs_emit\+/);
    expect(k.taint.toString()).toContain("W");
  });

  it("is_visible() sets modes and hides attributes", async () => {
    const libc = root();
    const st = await libc.stat(`${D}/grp/shown`);
    expect(st.mode & 0o777).toBe(0o444);
    expect((await libc.stat(`${D}/grp/maybe`)).mode & 0o777).toBe(0o644);
  });

  it("a binary attribute has its size, reads at offsets and refuses writes past its end", async () => {
    const libc = root();
    expect((await libc.stat(`${D}/blob`)).size).toBe(64);
    const fd = await libc.open(`${D}/blob`, O_RDWR);
    expect([...(await libc.preadBytes(fd, 4, 10))]).toEqual([10, 11, 12, 13]);
    expect((await libc.preadBytes(fd, 100, 60)).length).toBe(4);
    const p = libc.mem.strdup("zz");
    expect(await libc.pwrite(fd, p, 2, 62)).toBe(2);
    await expectErrno(libc.pwrite(fd, p, 2, 64), "EFBIG");
    expect(ctl.bin[62]).toBe(0x7a);
    await libc.close(fd);
  });
});

describe("directories", () => {
  it("readdir lists every entry once, in hash order, across small getdents buffers", async () => {
    const libc = root();
    const names = (await libc.readdir(D)).map((e) => e.name);
    expect(names.slice(0, 2)).toEqual([".", ".."]);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(2).sort()).toEqual(
      ["blob", "emit", "emit_at", "emit_bad", "grp", "noshow", "nostore", "ro", "rw", "wo"].filter(
        (n) => names.includes(n),
      ),
    );
  });
});
