import { describe, expect, it } from "vitest";
import {
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../../src/include/uapi/fcntl.ts";
import { FIONREAD } from "../../src/include/uapi/ioctl.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../../src/include/uapi/stat.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

async function user() {
  const k = await bootWith();
  return { k, libc: proc(k, 1000, "/tmp").libc };
}

describe("VFS on tmpfs", () => {
  it("open flags: O_CREAT|O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW", async () => {
    const { libc } = await user();
    const fd = await libc.open("a", O_WRONLY | O_CREAT | O_EXCL, 0o644);
    await libc.writeBytes(fd, "hello");
    await expectErrno(libc.open("a", O_WRONLY | O_CREAT | O_EXCL), "EEXIST");
    const ap = await libc.open("a", O_WRONLY | O_APPEND);
    await libc.writeBytes(ap, "!");
    expect(await libc.readFileText("a")).toBe("hello!");
    await libc.close(await libc.open("a", O_WRONLY | O_TRUNC));
    expect((await libc.stat("a")).size).toBe(0);
    await expectErrno(libc.open("a", O_RDONLY | O_DIRECTORY), "ENOTDIR");
    await expectErrno(libc.open("/tmp", O_WRONLY), "EISDIR");
    await libc.symlink("a", "l");
    await expectErrno(libc.open("l", O_RDONLY | O_NOFOLLOW), "ELOOP");
    await expectErrno(libc.open("missing/x", O_RDONLY), "ENOENT");
    await expectErrno(libc.open("a/x", O_RDONLY), "ENOTDIR");
  });

  it("created files get the umask; stat reports mode, size, nlink, owner", async () => {
    const { libc } = await user();
    await libc.umask(0o022);
    await libc.close(await libc.open("f", O_CREAT | O_WRONLY, 0o666));
    const st = await libc.stat("f");
    expect(st.mode).toBe(S_IFREG | 0o644);
    expect([st.uid, st.gid, st.nlink, st.size]).toEqual([1000, 1000, 1, 0]);
    await libc.mkdir("d", 0o777);
    const d = await libc.stat("d");
    expect(d.mode).toBe(S_IFDIR | 0o755);
    expect(d.nlink).toBe(2);
    await libc.mkdir("d/e");
    expect((await libc.stat("d")).nlink).toBe(3);
    await libc.link("f", "g");
    expect((await libc.stat("f")).nlink).toBe(2);
    await libc.symlink("f", "s");
    const s = await libc.lstat("s");
    expect(s.mode & S_IFMT).toBe(S_IFLNK);
    expect(s.size).toBe(1);
    expect(await libc.readlink("s")).toBe("f");
  });

  it("lseek: SET/CUR/END, past the end reads 0, negative is EINVAL; pread/pwrite", async () => {
    const { libc } = await user();
    const fd = await libc.open("f", O_RDWR | O_CREAT, 0o600);
    await libc.writeBytes(fd, "0123456789");
    expect(await libc.lseek(fd, 2, SEEK_SET)).toBe(2);
    expect(await libc.lseek(fd, 3, SEEK_CUR)).toBe(5);
    expect(await libc.lseek(fd, -1, SEEK_END)).toBe(9);
    await expectErrno(libc.lseek(fd, -100, SEEK_SET), "EINVAL");
    expect(await libc.lseek(fd, 100, SEEK_SET)).toBe(100);
    expect((await libc.readBytes(fd, 10)).length).toBe(0);
    expect(new TextDecoder().decode(await libc.preadBytes(fd, 3, 4))).toBe("456");
    const p = libc.mem.malloc(4);
    await libc.lseek(fd, 3, SEEK_SET);
    await libc.ioctl(fd, FIONREAD, p);
    expect(libc.mem.i32(p)).toBe(7);
  });

  it("symlink loops give ELOOP after 40 links", async () => {
    const { libc } = await user();
    await libc.symlink("b", "a");
    await libc.symlink("a", "b");
    await expectErrno(libc.stat("a"), "ELOOP");
  });

  it("rmdir of a non-empty directory, unlink of a directory, rename", async () => {
    const { libc } = await user();
    await libc.mkdir("d");
    await libc.writeFile("d/x", "1");
    await expectErrno(libc.rmdir("d"), "ENOTEMPTY");
    await expectErrno(libc.unlink("d"), "EISDIR");
    await libc.rename("d/x", "y");
    expect(await libc.readFileText("y")).toBe("1");
    expect(await libc.rmdir("d")).toBe(0);
    await expectErrno(libc.rename("nothere", "z"), "ENOENT");
  });

  it("getcwd, chdir and .. across the /proc mount", async () => {
    const { libc } = await user();
    await libc.chdir("/proc/self");
    expect(await libc.getcwd()).toMatch(/^\/proc\/\d+$/);
    await libc.chdir("../..");
    expect(await libc.getcwd()).toBe("/");
  });

  it("bad fds: EBADF; O_PATH fds cannot be read; write to an O_RDONLY fd is EBADF", async () => {
    const { libc } = await user();
    await expectErrno(libc.readBytes(99, 1), "EBADF");
    const fd = await libc.open("/proc/version", O_RDONLY);
    await expectErrno(libc.writeBytes(fd, "x"), "EBADF");
    const pfd = await libc.open("/proc/version", O_PATH);
    await expectErrno(libc.readBytes(pfd, 1), "EBADF");
    await expectErrno(libc.ioctl(pfd, FIONREAD, 0), "EBADF");
    expect((await libc.fstat(pfd)).mode & S_IFMT).toBe(S_IFREG);
  });

  it("dup and dup2 share the file position", async () => {
    const { libc } = await user();
    await libc.writeFile("f", "abcdef");
    const fd = await libc.open("f", O_RDONLY);
    const fd2 = await libc.dup(fd);
    await libc.readBytes(fd, 2);
    expect(new TextDecoder().decode(await libc.readBytes(fd2, 2))).toBe("cd");
    expect(await libc.dup2(fd, 10)).toBe(10);
    expect(new TextDecoder().decode(await libc.readBytes(10, 2))).toBe("ef");
  });

  it("pipes: data in order, EOF when the writer closes, EPIPE + SIGPIPE when the reader is gone", async () => {
    const { libc } = await user();
    const [r, w] = await libc.pipe();
    await libc.writeBytes(w, "abc");
    expect(new TextDecoder().decode(await libc.readBytes(r, 10))).toBe("abc");
    await libc.close(w);
    expect((await libc.readBytes(r, 10)).length).toBe(0);
    const [r2, w2] = await libc.pipe();
    await libc.close(r2);
    await libc.signal(13, "ignore");
    await expectErrno(libc.writeBytes(w2, "x"), "EPIPE");
  });
});
