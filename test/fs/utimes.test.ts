/**
 * utimensat(2) (src/fs/utimes.ts): Linux 5.4's rules from fs/utimes.c and fs/attr.c —
 * explicit times need the owner or CAP_FOWNER (EPERM), "now" also works with write access
 * (else EACCES), UTIME_OMIT/UTIME_NOW, AT_SYMLINK_NOFOLLOW, futimens through a NULL path.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { AT_FDCWD, futimens, UTIME_NOW, UTIME_OMIT, utimensat } from "../../src/user/lib/sys.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import type { Libc } from "../../src/user/libc/libc.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot } from "../../src/vkern.ts";

const AT_SYMLINK_NOFOLLOW = 0x100;

async function errnoOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof SysError) return e.code;
    throw e;
  }
}

describe("utimensat", () => {
  let k: Kernel;
  let root: Libc;
  let user: Libc;
  const t = (sec: number, nsec = 0) => ({ sec, nsec });
  beforeAll(async () => {
    k = await boot();
    root = hostProcess(k, 0, "/", () => {}).libc;
    user = hostProcess(k, 1000, "/", () => {}).libc;
    await root.writeFile("/tmp/rootfile", "x", 0o644);
    await root.writeFile("/tmp/shared", "x", 0o644);
    await root.chmod("/tmp/shared", 0o666);
    await user.writeFile("/tmp/userfile", "x", 0o644);
    await root.symlink("rootfile", "/tmp/link");
  });

  it("sets explicit times with nanoseconds, and ctime to now", async () => {
    const before = await root.stat("/tmp/rootfile");
    await utimensat(root, AT_FDCWD, "/tmp/rootfile", [t(1000, 5), t(2000, 999999999)]);
    const st = await root.stat("/tmp/rootfile");
    expect(st.atime).toEqual(t(1000, 5));
    expect(st.mtime).toEqual(t(2000, 999999999));
    expect(st.ctime.sec * 1e9 + st.ctime.nsec).toBeGreaterThanOrEqual(
      before.ctime.sec * 1e9 + before.ctime.nsec,
    );
  });

  it("leaves a UTIME_OMIT time alone and sets UTIME_NOW to the clock", async () => {
    await utimensat(root, AT_FDCWD, "/tmp/rootfile", [t(0, UTIME_OMIT), t(3000)]);
    let st = await root.stat("/tmp/rootfile");
    expect(st.atime).toEqual(t(1000, 5));
    expect(st.mtime).toEqual(t(3000));
    await utimensat(root, AT_FDCWD, "/tmp/rootfile", [t(0, UTIME_NOW), t(0, UTIME_OMIT)]);
    st = await root.stat("/tmp/rootfile");
    const now = await root.clock_gettime(0);
    expect(Math.abs(st.atime.sec - now.sec)).toBeLessThanOrEqual(1);
    expect(st.mtime).toEqual(t(3000));
  });

  it.each([
    // [who, path, times, expected]
    ["user", "/tmp/userfile", "explicit", "ok"],
    ["user", "/tmp/userfile", "now", "ok"],
    ["user", "/tmp/shared", "now", "ok"],
    ["user", "/tmp/shared", "explicit", "EPERM"],
    ["user", "/tmp/shared", "both-now", "ok"],
    ["user", "/tmp/rootfile", "now", "EACCES"],
    ["user", "/tmp/rootfile", "explicit", "EPERM"],
    ["root", "/tmp/userfile", "explicit", "ok"],
    ["user", "/tmp/nonexistent", "now", "ENOENT"],
    ["user", "/tmp/nonexistent", "omit-both", "ok"],
    ["user", "/tmp/userfile", "bad-nsec", "EINVAL"],
  ] as const)("%s on %s with %s times: %s", async (who, path, kind, expected) => {
    const libc = who === "root" ? root : user;
    const times =
      kind === "now"
        ? null
        : kind === "both-now"
          ? ([t(0, UTIME_NOW), t(0, UTIME_NOW)] as [ReturnType<typeof t>, ReturnType<typeof t>])
          : kind === "omit-both"
            ? ([t(0, UTIME_OMIT), t(0, UTIME_OMIT)] as [ReturnType<typeof t>, ReturnType<typeof t>])
            : kind === "bad-nsec"
              ? ([t(0, 1e9), t(0)] as [ReturnType<typeof t>, ReturnType<typeof t>])
              : ([t(10), t(20)] as [ReturnType<typeof t>, ReturnType<typeof t>]);
    expect(await errnoOf(utimensat(libc, AT_FDCWD, path, times))).toBe(expected);
  });

  it("changes a symlink itself with AT_SYMLINK_NOFOLLOW, its target without", async () => {
    await utimensat(root, AT_FDCWD, "/tmp/link", [t(111), t(222)], AT_SYMLINK_NOFOLLOW);
    expect((await root.lstat("/tmp/link")).mtime).toEqual(t(222));
    expect((await root.stat("/tmp/link")).mtime).not.toEqual(t(222));
    await utimensat(root, AT_FDCWD, "/tmp/link", [t(333), t(444)]);
    expect((await root.stat("/tmp/rootfile")).mtime).toEqual(t(444));
  });

  it("works on an open descriptor with a NULL path (futimens), EBADF on a bad one", async () => {
    const fd = await user.open("/tmp/userfile", 0);
    await futimens(user, fd, [t(5), t(6)]);
    expect((await user.fstat(fd)).mtime).toEqual(t(6));
    await user.close(fd);
    expect(await errnoOf(futimens(user, 99, null))).toBe("EBADF");
    expect(await errnoOf(utimensat(user, AT_FDCWD, null, null))).toBe("EFAULT");
    expect(await errnoOf(utimensat(user, AT_FDCWD, "/tmp/userfile", null, 0x4000))).toBe("EINVAL");
  });
});
