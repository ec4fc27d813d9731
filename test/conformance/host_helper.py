#!/usr/bin/env python3
"""The real-kernel side of vkern's conformance suite.

Reads one JSON request per line on stdin ({"op": NAME, "args": [...]}) and answers one
JSON line on stdout: {"ok": value} or {"errno": N}. Every op is one real system call
(through os.* or, where Python's wrappers hide the raw result, through libc via ctypes),
so the TypeScript side sees exactly what the machine's kernel returns. Byte strings travel
as base64.

Options:
  --uid N           drop to uid/gid N with no supplementary groups before serving
  --private-mounts  unshare the mount namespace (private propagation) and mount debugfs
                    on /sys/kernel/debug there if it is not mounted; the host's own mount
                    table is never touched
  --mntns PATH      join the mount namespace PATH (a /proc/PID/ns/mnt) before serving
"""

import base64
import ctypes
import ctypes.util
import json
import os
import shutil
import sys
import tempfile

# libc.so.6 by name: find_library("c") runs ldconfig/gcc and costs a second.
try:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p]
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                      ctypes.c_int, ctypes.c_long]
libc.sendto.restype = ctypes.c_ssize_t
libc.sendto.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                        ctypes.c_void_p, ctypes.c_uint]
libc.recvmsg.restype = ctypes.c_ssize_t
libc.recvmsg.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]

CLONE_NEWNS = 0x00020000
MS_REC = 16384
MS_PRIVATE = 1 << 18


class Errno(Exception):
    def __init__(self, n):
        super().__init__(n)
        self.n = n


def check(ret):
    """A libc call's result, or Errno with the call's errno (C's -1 convention)."""
    if ret == -1:
        raise Errno(ctypes.get_errno())
    return ret


class SockaddrNl(ctypes.Structure):
    _fields_ = [("nl_family", ctypes.c_ushort), ("nl_pad", ctypes.c_ushort),
                ("nl_pid", ctypes.c_uint32), ("nl_groups", ctypes.c_uint32)]


class Iovec(ctypes.Structure):
    _fields_ = [("iov_base", ctypes.c_void_p), ("iov_len", ctypes.c_size_t)]


class Msghdr(ctypes.Structure):
    _fields_ = [("msg_name", ctypes.c_void_p), ("msg_namelen", ctypes.c_uint32),
                ("msg_iov", ctypes.POINTER(Iovec)), ("msg_iovlen", ctypes.c_size_t),
                ("msg_control", ctypes.c_void_p), ("msg_controllen", ctypes.c_size_t),
                ("msg_flags", ctypes.c_int)]


def nl(pid, groups):
    return SockaddrNl(16, 0, pid & 0xFFFFFFFF, groups & 0xFFFFFFFF)


def b64(b):
    return base64.b64encode(bytes(b)).decode("ascii")


def unb64(s):
    return base64.b64decode(s)


def stat_info(st):
    return {"mode": st.st_mode, "size": st.st_size, "uid": st.st_uid, "gid": st.st_gid,
            "nlink": st.st_nlink, "rdevMajor": os.major(st.st_rdev),
            "rdevMinor": os.minor(st.st_rdev)}


def op_hello():
    u = os.uname()
    return {"pid": os.getpid(), "uid": os.getuid(), "sysname": u.sysname,
            "release": u.release, "version": u.version, "machine": u.machine,
            "debugfs": DEBUGFS}


def op_ioctl(fd, cmd, arg):
    return check(libc.ioctl(fd, cmd, ctypes.c_void_p(arg)))


def op_ioctl_int(fd, cmd):
    v = ctypes.c_int(0)
    ret = check(libc.ioctl(fd, cmd, ctypes.cast(ctypes.byref(v), ctypes.c_void_p)))
    return {"ret": ret, "value": v.value}


def op_map_many(n):
    for i in range(n):
        p = libc.mmap(None, 4096, 3 if i % 2 else 1, 0x22, -1, 0)
        if p is None or p == ctypes.c_void_p(-1).value:
            raise Errno(ctypes.get_errno())
    return n


def op_bind(fd, pid, groups):
    a = nl(pid, groups)
    return check(libc.bind(fd, ctypes.byref(a), ctypes.sizeof(a)))


def op_bind_raw(fd, data):
    raw = unb64(data)
    buf = ctypes.create_string_buffer(raw, max(16, len(raw)))
    return check(libc.bind(fd, buf, len(raw)))


def op_connect(fd, pid, groups):
    a = nl(pid, groups)
    return check(libc.connect(fd, ctypes.byref(a), ctypes.sizeof(a)))


def op_getsockname(fd):
    a = SockaddrNl()
    ln = ctypes.c_uint32(ctypes.sizeof(a))
    check(libc.getsockname(fd, ctypes.byref(a), ctypes.byref(ln)))
    return {"family": a.nl_family, "pid": a.nl_pid, "groups": a.nl_groups}


def op_sendto(fd, data, flags, to):
    raw = unb64(data)
    buf = ctypes.create_string_buffer(raw, max(1, len(raw)))
    if to is None:
        return check(libc.sendto(fd, buf, len(raw), flags, None, 0))
    a = nl(to["pid"], to["groups"])
    return check(libc.sendto(fd, buf, len(raw), flags, ctypes.byref(a), ctypes.sizeof(a)))


def op_recvmsg(fd, n, flags):
    buf = ctypes.create_string_buffer(max(1, n))
    iov = Iovec(ctypes.cast(buf, ctypes.c_void_p), n)
    addr = SockaddrNl()
    msg = Msghdr(ctypes.cast(ctypes.byref(addr), ctypes.c_void_p), ctypes.sizeof(addr),
                 ctypes.pointer(iov), 1, None, 0, 0)
    ret = check(libc.recvmsg(fd, ctypes.byref(msg), flags))
    return {"ret": ret, "data": b64(buf.raw[:min(ret, n)]), "flags": msg.msg_flags,
            "from": {"family": addr.nl_family, "pid": addr.nl_pid, "groups": addr.nl_groups}}


def op_setsockopt(fd, level, name, value):
    v = ctypes.c_int(value)
    return check(libc.setsockopt(fd, level, name, ctypes.byref(v), 4))


def op_getsockopt(fd, level, name):
    v = ctypes.c_int(0)
    ln = ctypes.c_uint32(4)
    check(libc.getsockopt(fd, level, name, ctypes.byref(v), ctypes.byref(ln)))
    return v.value


def op_rmtree(path):
    shutil.rmtree(path, ignore_errors=True)
    return 0


OPS = {
    "hello": op_hello,
    "getpid": lambda: os.getpid(),
    "open": lambda path, flags, mode: os.open(path, flags, mode),
    "close": lambda fd: os.close(fd) or 0,
    "read": lambda fd, n: b64(os.read(fd, n)),
    "pread": lambda fd, n, off: b64(os.pread(fd, n, off)),
    "write": lambda fd, data: os.write(fd, unb64(data)),
    "pwrite": lambda fd, data, off: os.pwrite(fd, unb64(data), off),
    "lseek": lambda fd, off, whence: os.lseek(fd, off, whence),
    "ioctl": op_ioctl,
    "ioctl_int": op_ioctl_int,
    "stat": lambda path: stat_info(os.stat(path)),
    "fstat": lambda fd: stat_info(os.fstat(fd)),
    "mknod": lambda path, mode, ma, mi: os.mknod(path, mode, os.makedev(ma, mi)) or 0,
    "mkdir": lambda path, mode: os.mkdir(path, mode) or 0,
    "chmod": lambda path, mode: os.chmod(path, mode) or 0,
    "readlink": lambda path: os.readlink(path),
    "unlink": lambda path: os.unlink(path) or 0,
    "rmdir": lambda path: os.rmdir(path) or 0,
    "pipe": lambda: list(os.pipe()),
    "map_many": op_map_many,
    "socket": lambda d, t, p: check(libc.socket(d, t, p)),
    "bind": op_bind,
    "bind_raw": op_bind_raw,
    "connect": op_connect,
    "getsockname": op_getsockname,
    "sendto": op_sendto,
    "recvmsg": op_recvmsg,
    "setsockopt": op_setsockopt,
    "getsockopt": op_getsockopt,
    "mkdtemp": lambda: tempfile.mkdtemp(prefix="vkern-conformance-"),
    "rmtree": op_rmtree,
}


def is_debugfs_mounted():
    with open("/proc/self/mounts") as f:
        return any(line.split()[1:3] == ["/sys/kernel/debug", "debugfs"] for line in f)


def private_mounts():
    """Gives this process its own mount table and debugfs on /sys/kernel/debug in it."""
    if is_debugfs_mounted():
        return "mounted"
    if libc.unshare(CLONE_NEWNS) != 0:
        return "cannot unshare the mount namespace: " + os.strerror(ctypes.get_errno())
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return "cannot make mounts private: " + os.strerror(ctypes.get_errno())
    if libc.mount(b"debugfs", b"/sys/kernel/debug", b"debugfs", 0, None) != 0:
        return "cannot mount debugfs: " + os.strerror(ctypes.get_errno())
    return "mounted in a private mount namespace"


DEBUGFS = "not mounted"


def main():
    global DEBUGFS
    args = sys.argv[1:]
    if "--mntns" in args:
        fd = os.open(args[args.index("--mntns") + 1], os.O_RDONLY)
        if libc.setns(fd, CLONE_NEWNS) != 0:
            sys.stderr.write("setns: " + os.strerror(ctypes.get_errno()) + "\n")
        os.close(fd)
    if "--private-mounts" in args:
        DEBUGFS = private_mounts()
    elif is_debugfs_mounted():
        DEBUGFS = "mounted"
    if "--uid" in args:
        uid = int(args[args.index("--uid") + 1])
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    for line in sys.stdin:
        req = json.loads(line)
        try:
            out = {"ok": OPS[req["op"]](*req.get("args", []))}
        except Errno as e:
            out = {"errno": e.n}
        except OSError as e:
            out = {"errno": e.errno}
        except Exception as e:  # a bug in the request or here: report it, keep serving
            out = {"fault": repr(e)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
