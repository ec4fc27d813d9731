/**
 * The memory devices. Where a behaviour is the same on this machine's kernel (Linux 6.18,
 * checked with a Python script of os.read/os.write/os.lseek/fcntl.ioctl as root), the test
 * says so; /dev/kmsg's 992-byte limit is 5.4's LOG_LINE_MAX (6.x accepts 1024).
 */
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_RDWR, O_WRONLY, SEEK_END, SEEK_SET } from "../../src/include/uapi/fcntl.ts";
import {
  RNDADDTOENTCNT,
  RNDCLEARPOOL,
  RNDGETENTCNT,
  RNDRESEEDCRNG,
} from "../../src/include/uapi/random.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { TASK_SIZE } from "../../src/mm/mm.ts";
import { boot } from "../../src/vkern.ts";
import { expectErrno, proc } from "../helpers.ts";

async function open(k: Kernel, path: string, flags: number, uid = 1000) {
  const { libc } = proc(k, uid);
  return { libc, fd: await libc.open(path, flags) };
}

describe("null, zero, full", () => {
  it("read/write/lseek as on Linux 6.18 here", async () => {
    const k = await boot();
    const n = await open(k, "/dev/null", O_RDWR);
    expect(await n.libc.writeBytes(n.fd, "abc")).toBe(3);
    expect((await n.libc.readBytes(n.fd, 10)).length).toBe(0);
    expect(await n.libc.lseek(n.fd, 100, SEEK_SET)).toBe(0);
    const z = await open(k, "/dev/zero", O_RDWR);
    const buf = z.libc.mem.malloc(10000);
    z.libc.mem.fill(buf, 0xff, 10000);
    expect(await z.libc.read(z.fd, buf, 10000)).toBe(10000);
    expect(z.libc.mem.read(buf, 10000).every((b) => b === 0)).toBe(true);
    expect(await z.libc.lseek(z.fd, 100, SEEK_SET)).toBe(0);
    expect(await z.libc.writeBytes(z.fd, "x")).toBe(1);
    const f = await open(k, "/dev/full", O_RDWR);
    await expectErrno(f.libc.writeBytes(f.fd, "a"), "ENOSPC");
    expect((await f.libc.readBytes(f.fd, 4)).join()).toBe("0,0,0,0");
  });

  it("a read of /dev/zero into an unmapped buffer is EFAULT", async () => {
    const k = await boot();
    const z = await open(k, "/dev/zero", O_RDONLY);
    await expectErrno(z.libc.read(z.fd, 0x1000, 16), "EFAULT");
    await expectErrno(z.libc.read(z.fd, TASK_SIZE - 8, 16), "EFAULT");
  });
});

describe("random and urandom", () => {
  it("urandom fills the buffer; random gives at most 512 bytes a read (5.4)", async () => {
    const k = await boot();
    const u = await open(k, "/dev/urandom", O_RDONLY);
    expect((await u.libc.readBytes(u.fd, 5000)).length).toBe(5000);
    const r = await open(k, "/dev/random", O_RDONLY);
    expect((await r.libc.readBytes(r.fd, 5000)).length).toBe(512);
    expect(await u.libc.lseek(u.fd, 100, SEEK_SET)).toBe(0);
  });

  it("a write must be readable in full", async () => {
    const k = await boot();
    const u = await open(k, "/dev/urandom", O_WRONLY);
    expect(await u.libc.writeBytes(u.fd, "seed")).toBe(4);
    await expectErrno(u.libc.write(u.fd, 0x1000, 4), "EFAULT");
  });

  // [command, uid, errno or null]
  const cases: [string, number, number, string | null][] = [
    ["unknown command", 0x1234, 1000, "EINVAL"], // random_ioctl's default; the same here
    ["RNDGETENTCNT", RNDGETENTCNT, 1000, null],
    ["RNDADDTOENTCNT as a user", RNDADDTOENTCNT, 1000, "EPERM"],
    ["RNDCLEARPOOL as a user", RNDCLEARPOOL, 1000, "EPERM"],
    ["RNDCLEARPOOL as root", RNDCLEARPOOL, 0, null],
    ["RNDRESEEDCRNG as root", RNDRESEEDCRNG, 0, null],
  ];
  it.each(cases)("ioctl %s", async (_name, cmd, uid, err) => {
    const k = await boot();
    const u = await open(k, "/dev/urandom", O_RDONLY, uid);
    const p = u.libc.mem.malloc(8);
    if (err) await expectErrno(u.libc.ioctl(u.fd, cmd, p), err);
    else expect(await u.libc.ioctl(u.fd, cmd, p)).toBe(0);
  });

  it("RNDADDTOENTCNT credits the pool up to 4096 bits; negative counts are EINVAL", async () => {
    const k = await boot();
    const u = await open(k, "/dev/urandom", O_RDONLY, 0);
    const p = u.libc.mem.malloc(4);
    await u.libc.ioctl(u.fd, RNDGETENTCNT, p);
    const before = u.libc.mem.i32(p);
    u.libc.mem.setI32(p, 100);
    await u.libc.ioctl(u.fd, RNDADDTOENTCNT, p);
    await u.libc.ioctl(u.fd, RNDGETENTCNT, p);
    expect(u.libc.mem.i32(p)).toBe(Math.min(4096, before + 100));
    u.libc.mem.setI32(p, -1);
    await expectErrno(u.libc.ioctl(u.fd, RNDADDTOENTCNT, p), "EINVAL");
    await expectErrno(u.libc.ioctl(u.fd, RNDGETENTCNT, 0), "EFAULT");
  });
});

describe("/dev/kmsg", () => {
  it("reads one record per read in printk's extended format", async () => {
    const k = await boot();
    const m = await open(k, "/dev/kmsg", O_RDONLY);
    const first = new TextDecoder().decode(await m.libc.readBytes(m.fd, 8192));
    const rec = k.log.all()[0];
    expect(first).toBe(`5,0,${Math.floor(rec.tsNs / 1000)},-;${rec.text}\n`);
  });

  it("a buffer too small is EINVAL and the record is gone (as on Linux 6.18 here)", async () => {
    const k = await boot();
    const m = await open(k, "/dev/kmsg", O_RDONLY);
    await expectErrno(m.libc.readBytes(m.fd, 5), "EINVAL");
    const next = new TextDecoder().decode(await m.libc.readBytes(m.fd, 8192));
    expect(next.split(";")[0].split(",")[1]).toBe("1");
    expect(await m.libc.lseek(m.fd, 0, SEEK_SET)).toBe(0);
    const again = new TextDecoder().decode(await m.libc.readBytes(m.fd, 8192));
    expect(again.split(",")[1]).toBe("0");
  });

  it("writes log at the given level with facility user; escapes control bytes on read", async () => {
    const k = await boot();
    const w = await open(k, "/dev/kmsg", O_WRONLY, 0);
    await w.libc.writeBytes(w.fd, "<3>hello\tthere\n");
    const rec = k.log.all().at(-1)!;
    expect([rec.level, rec.facility, rec.text]).toEqual([3, 1, "hello\tthere"]);
    await w.libc.writeBytes(w.fd, "<>plain");
    expect(k.log.all().at(-1)?.level).toBe(0);
    const r = await open(k, "/dev/kmsg", O_RDONLY, 0);
    await r.libc.lseek(r.fd, 0, SEEK_END);
    await w.libc.writeBytes(w.fd, "<14>a\\b\n");
    const line = new TextDecoder().decode(await r.libc.readBytes(r.fd, 8192));
    expect(line.endsWith(";a\\x5cb\n")).toBe(true);
    expect(line.startsWith("14,")).toBe(true);
    await expectErrno(w.libc.writeBytes(w.fd, "x".repeat(993)), "EINVAL");
    expect(await w.libc.writeBytes(w.fd, "x".repeat(992))).toBe(992);
  });

  it("ratelimits a writer to 10 lines and reports the rest on close", async () => {
    const k = await boot();
    const w = await open(k, "/dev/kmsg", O_WRONLY, 0);
    const before = k.log.next;
    for (let i = 0; i < 13; i++)
      expect(await w.libc.writeBytes(w.fd, `line ${i}\n`)).toBe(7 + (i > 9 ? 1 : 0));
    expect(k.log.next - before).toBe(10);
    await w.libc.close(w.fd);
    expect(k.log.all().at(-1)?.text).toBe(
      "printk: vkern-host: 3 output lines suppressed due to ratelimiting",
    );
  });

  it("reading needs CAP_SYSLOG when dmesg_restrict is set; writing does not", async () => {
    const k = await boot();
    k.sysctl.dmesg_restrict = 1;
    await expectErrno(proc(k, 1000).libc.open("/dev/kmsg", O_RDONLY), "EPERM");
    await expectErrno(proc(k, 1000).libc.open("/dev/kmsg", O_WRONLY), "EACCES"); // mode 0644
    expect(await proc(k, 0).libc.open("/dev/kmsg", O_RDONLY)).toBeGreaterThan(2);
  });

  it("FIONREAD is not for /dev/kmsg (ENOTTY, as here)", async () => {
    const k = await boot();
    const m = await open(k, "/dev/kmsg", O_RDONLY);
    await expectErrno(m.libc.ioctl(m.fd, 0x541b, m.libc.mem.malloc(4)), "ENOTTY");
  });
});
