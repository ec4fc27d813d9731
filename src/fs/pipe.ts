/**
 * Pipes (fs/pipe.c): a bounded byte queue between a reading and a writing file.
 * Reads sleep while the pipe is empty and writers exist; writes sleep while it is
 * full and readers exist; writing with no reader gives SIGPIPE and -EPIPE.
 */

import { EAGAIN, EFAULT, ENOIOCTLCMD, EPIPE, ERESTARTSYS, ESPIPE } from "../include/uapi/errno.ts";
import { O_NONBLOCK } from "../include/uapi/fcntl.ts";
import { FIONREAD } from "../include/uapi/ioctl.ts";
import { SIGPIPE } from "../include/uapi/signal.ts";
import { S_IFIFO } from "../include/uapi/stat.ts";
import { get_current, this_kernel } from "../kernel/context.ts";
import {
  DECLARE_WAIT_QUEUE_HEAD,
  kthen,
  type WaitQueueHead,
  wait_event_interruptible,
  wake_up,
} from "../kernel/wait.ts";
import { copy_from_user, copy_to_user, put_user, type UserPtr } from "../mm/uaccess.ts";
import {
  Dentry,
  type File,
  type FileOperations,
  FMODE_READ,
  FMODE_WRITE,
  Inode,
  type KRet,
  SuperBlock,
} from "./fs.ts";

/** The default pipe capacity: 16 pages. */
export const PIPE_DEF_BUFFERS_BYTES = 65536;

export class PipeInodeInfo {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;
  readers = 0;
  writers = 0;
  readonly wait: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();
  capacity = PIPE_DEF_BUFFERS_BYTES;

  push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.length));
    let done = 0;
    while (done < out.length) {
      const c = this.chunks[0];
      const avail = c.length - this.head;
      const k = Math.min(avail, out.length - done);
      out.set(c.subarray(this.head, this.head + k), done);
      done += k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.length -= out.length;
    return out;
  }
}

function pipeOf(file: File): PipeInodeInfo {
  return file.f_inode.i_private as PipeInodeInfo;
}

function pipe_read(file: File, buf: UserPtr, count: number): KRet {
  const pipe = pipeOf(file);
  if (count === 0) return 0;
  const finish = (): number => {
    const data = pipe.take(count);
    const left = copy_to_user(buf, data, data.length);
    wake_up(pipe.wait);
    return left === data.length && data.length > 0 ? -EFAULT : data.length - left;
  };
  if (pipe.length > 0) return finish();
  if (pipe.writers === 0) return 0;
  if (file.f_flags & O_NONBLOCK) return -EAGAIN;
  const r = wait_event_interruptible(pipe.wait, () => pipe.length > 0 || pipe.writers === 0);
  const after = (v: number): number => {
    if (v) return v;
    if (pipe.length === 0) return 0;
    return finish();
  };
  return typeof r === "number" ? after(r) : kthen(r, after);
}

function sendSigpipe(): number {
  const t = get_current();
  this_kernel().signals.send(t, SIGPIPE);
  return -EPIPE;
}

function pipe_write(file: File, buf: UserPtr, count: number): KRet {
  const pipe = pipeOf(file);
  if (pipe.readers === 0) return sendSigpipe();
  if (count === 0) return 0;
  const data = new Uint8Array(count);
  if (copy_from_user(data, buf, count)) return -EFAULT;
  let written = 0;
  const step = (): KRet => {
    for (;;) {
      if (pipe.readers === 0) return written > 0 ? written : sendSigpipe();
      const room = pipe.capacity - pipe.length;
      if (room > 0) {
        const n = Math.min(room, count - written);
        pipe.push(data.slice(written, written + n));
        written += n;
        wake_up(pipe.wait);
        if (written === count) return written;
      }
      if (file.f_flags & O_NONBLOCK) return written > 0 ? written : -EAGAIN;
      const r = wait_event_interruptible(
        pipe.wait,
        () => pipe.length < pipe.capacity || pipe.readers === 0,
      );
      if (typeof r !== "number") {
        return kthen(r, (v) => (v === -ERESTARTSYS && written === 0 ? v : v ? written : step()));
      }
      if (r) return written > 0 ? written : r;
    }
  };
  return step();
}

function pipe_release(_inode: Inode, file: File): number {
  const pipe = pipeOf(file);
  if (file.f_mode & FMODE_READ) pipe.readers--;
  if (file.f_mode & FMODE_WRITE) pipe.writers--;
  wake_up(pipe.wait);
  return 0;
}

/** Mirrors pipe_ioctl(): FIONREAD is the number of bytes waiting in the pipe. */
function pipe_ioctl(file: File, cmd: number, arg: number | bigint): number {
  if (cmd !== FIONREAD) return -ENOIOCTLCMD;
  return put_user(pipeOf(file).length, Number(arg), "int");
}

export const pipefifo_fops: FileOperations = {
  llseek: () => -ESPIPE,
  read: (f, b, c) => pipe_read(f, b, c),
  write: (f, b, c) => pipe_write(f, b, c),
  unlocked_ioctl: pipe_ioctl,
  // pipe_fasync(): FIOASYNC/O_ASYNC are accepted (vkern sends no SIGIO).
  fasync: () => 0,
  release: pipe_release,
  open(inode, file) {
    // A named pipe: share one PipeInodeInfo per inode. (Opening does not block
    // waiting for the other end, unlike Linux's fifo_open.)
    if (!(inode.i_private instanceof PipeInodeInfo)) inode.i_private = new PipeInodeInfo();
    const pipe = inode.i_private as PipeInodeInfo;
    if (file.f_mode & FMODE_READ) pipe.readers++;
    if (file.f_mode & FMODE_WRITE) pipe.writers++;
    return 0;
  },
};

export const PIPEFS_MAGIC = 0x50495045;

/** The kernel's internal pipefs superblock (one per kernel, made at boot). */
export function pipefs_fill_super(): SuperBlock {
  const sb = new SuperBlock({ name: "pipefs", nodev: true }, PIPEFS_MAGIC);
  const root = new Inode(sb, 0o40755, 0n);
  sb.s_root = new Dentry("pipe:", null, root);
  return sb;
}

/** A fresh anonymous pipe inode (get_pipe_inode()). */
export function get_pipe_inode(): { inode: Inode; dentry: Dentry; pipe: PipeInodeInfo } {
  const k = this_kernel();
  const pipefsSb = k.pipefs;
  const inode = new Inode(pipefsSb, S_IFIFO | 0o600, k.clock.realtimeNs());
  const cur = get_current();
  inode.i_uid = cur.cred.fsuid;
  inode.i_gid = cur.cred.fsgid;
  const pipe = new PipeInodeInfo();
  inode.i_private = pipe;
  inode.i_fop = pipefifo_fops;
  const dentry = new Dentry(`pipe:[${inode.i_ino}]`, pipefsSb.s_root, inode);
  dentry.d_dname = (d) => d.d_name; // pipefs_dname()
  return { inode, dentry, pipe };
}
