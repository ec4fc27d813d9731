/**
 * Where user space meets the host: a terminal (a pseudo-terminal slave whose
 * other side is the host's terminal or the browser's xterm) and a capture sink
 * (a pipe whose reader is the host, for scripts and transcripts).
 */

import { Dentry, File, type FileOperations, FMODE_READ, FMODE_WRITE, Inode } from "../../fs/fs.ts";
import { EAGAIN, EFAULT, EINVAL, EIO, ENOTTY } from "../../include/uapi/errno.ts";
import { O_NONBLOCK } from "../../include/uapi/fcntl.ts";
import {
  FIONREAD,
  TCFLSH,
  TCGETS,
  TCSETS,
  TCSETSF,
  TCSETSW,
  TIOCGPGRP,
  TIOCGSID,
  TIOCGWINSZ,
  TIOCSPGRP,
  TIOCSWINSZ,
} from "../../include/uapi/ioctl.ts";
import { SIGINT, SIGWINCH } from "../../include/uapi/signal.ts";
import { MKDEV, S_IFCHR, S_IFIFO } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { Task } from "../../kernel/task.ts";
import {
  DECLARE_WAIT_QUEUE_HEAD,
  kthen,
  wait_event_interruptible,
  wake_up,
} from "../../kernel/wait.ts";
import { copy_from_user, copy_to_user, get_user, put_user } from "../../mm/uaccess.ts";
import { devtmpfs_create_node } from "../base/devtmpfs.ts";

const enc = new TextEncoder();

export const UNIX98_PTY_SLAVE_MAJOR = 136;

/** The termios a terminal reports (TCGETS): canonical mode, echo, ONLCR, 38400 baud. */
function termiosBytes(): Uint8Array {
  const b = new Uint8Array(60);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x500, true); // c_iflag: ICRNL|IXON
  dv.setUint32(4, 0x5, true); // c_oflag: OPOST|ONLCR
  dv.setUint32(8, 0xbf, true); // c_cflag: B38400|CS8|CREAD
  dv.setUint32(12, 0x8a3b, true); // c_lflag: ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN
  const cc = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0];
  cc.forEach((c, i) => {
    b[17 + i] = c;
  });
  return b;
}

/** A terminal: bytes typed on the host arrive as input; output goes to the host. */
export class HostTty {
  private input: Uint8Array[] = [];
  private eof = 0;
  readonly wait = DECLARE_WAIT_QUEUE_HEAD();
  rows = 24;
  cols = 80;
  /** The terminal's foreground process group (tcsetpgrp). */
  pgrp = 0;
  sid = 0;
  readonly index: number;
  readonly dev: number;

  constructor(
    readonly kernel: Kernel,
    private readonly output: (bytes: Uint8Array) => void,
    index: number,
  ) {
    this.index = index;
    this.dev = MKDEV(UNIX98_PTY_SLAVE_MAJOR, index);
  }

  /** Host side: a line (or bytes) the user typed. */
  type(text: string): void {
    this.input.push(enc.encode(text));
    wake_up(this.wait);
  }

  /** Host side: Ctrl-D at the start of a line, read() returns 0 once. */
  sendEof(): void {
    this.eof++;
    wake_up(this.wait);
  }

  /** Host side: Ctrl-C sends SIGINT to the foreground process group. */
  interrupt(): void {
    const k = this.kernel;
    this.input = [];
    for (const t of k.tasks.all())
      if (t.alive && t.pgid === this.pgrp && !t.kthread) k.signals.send(t, SIGINT);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    const k = this.kernel;
    for (const t of k.tasks.all()) if (t.alive && t.pgid === this.pgrp) k.signals.send(t, SIGWINCH);
  }

  private available(): number {
    return this.input.reduce((a, b) => a + b.length, 0);
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.available()));
    let o = 0;
    while (o < out.length) {
      const c = this.input[0];
      const k = Math.min(c.length, out.length - o);
      out.set(c.subarray(0, k), o);
      o += k;
      if (k === c.length) this.input.shift();
      else this.input[0] = c.subarray(k);
    }
    return out;
  }

  readonly fops: FileOperations = {
    read: (file, buf, count) => {
      const deliver = (): number => {
        if (!this.input.length && this.eof) {
          this.eof--;
          return 0;
        }
        // Canonical mode: one line per read at most.
        const first = this.input[0];
        const nl = first.indexOf(0x0a);
        const want = nl >= 0 ? Math.min(count, nl + 1) : count;
        const data = this.take(want);
        if (copy_to_user(buf, data, data.length)) return -EFAULT;
        return data.length;
      };
      if (this.input.length || this.eof) return deliver();
      if (file.f_flags & O_NONBLOCK) return -EAGAIN;
      const r = wait_event_interruptible(this.wait, () => this.input.length > 0 || this.eof > 0);
      if (typeof r === "number") return r || deliver();
      return kthen(r, (v) => v || deliver());
    },
    write: (_file, buf, count) => {
      const b = new Uint8Array(count);
      if (copy_from_user(b, buf, count)) return -EFAULT;
      this.output(b);
      return count;
    },
    unlocked_ioctl: (_file, cmd, arg) => {
      const p = Number(arg);
      const t = this_kernel().tasks.currentOrInit();
      switch (cmd) {
        case TCGETS:
          return copy_to_user(p, termiosBytes(), 36) ? -EFAULT : 0;
        case TCSETS:
        case TCSETSW:
        case TCSETSF:
        case TCFLSH:
          return 0;
        case TIOCGWINSZ: {
          const b = new Uint8Array(8);
          const dv = new DataView(b.buffer);
          dv.setUint16(0, this.rows, true);
          dv.setUint16(2, this.cols, true);
          return copy_to_user(p, b, 8) ? -EFAULT : 0;
        }
        case TIOCSWINSZ:
          return 0;
        case TIOCGPGRP:
          return put_user(this.pgrp || t.pgid, p, "int");
        case TIOCSPGRP: {
          const v = get_user(p, "int");
          if (v.err) return v.err;
          if (Number(v.value) <= 0) return -EINVAL;
          this.pgrp = Number(v.value);
          return 0;
        }
        case TIOCGSID:
          return put_user(this.sid || t.sid, p, "int");
        case FIONREAD:
          return put_user(this.available(), p, "int");
        default:
          return -ENOTTY;
      }
    },
    llseek: () => -29,
  };
}

/** Registers the terminal as /dev/pts/<n>, owned by `uid` with mode 0620 as a login terminal is. */
export function attachTty(k: Kernel, tty: HostTty, uid: number, gid = 5): void {
  k.cdevs.add({ ops: tty.fops, owner: null, dev: tty.dev, count: 1 });
  devtmpfs_create_node(k, `pts/${tty.index}`, 0o620, tty.dev, uid, gid);
}

/** A write-only pipe whose reader is the host: what scripts' and transcripts' output goes into. */
export function hostSink(k: Kernel, task: Task, onWrite: (bytes: Uint8Array) => void): File {
  const fops: FileOperations = {
    write(_f, buf, count) {
      const b = new Uint8Array(count);
      if (copy_from_user(b, buf, count)) return -EFAULT;
      onWrite(b);
      return count;
    },
    read: () => -EIO,
    llseek: () => -29,
  };
  const sb = k.pipefs;
  const inode = new Inode(sb, S_IFIFO | 0o600, k.clock.realtimeNs());
  inode.i_uid = task.cred.uid;
  inode.i_gid = task.cred.gid;
  inode.i_fop = fops;
  const dentry = new Dentry(`pipe:[${inode.i_ino}]`, sb.s_root, inode);
  return new File({ mnt: k.mounts.root, dentry }, inode, fops, 1, FMODE_WRITE, task.cred, task);
}

/** An empty input (like /dev/null) for sessions that read nothing. */
export function hostEmptyInput(k: Kernel, task: Task): File {
  const fops: FileOperations = { read: () => 0, llseek: () => -29 };
  const sb = k.pipefs;
  const inode = new Inode(sb, S_IFIFO | 0o600, k.clock.realtimeNs());
  inode.i_fop = fops;
  const dentry = new Dentry(`pipe:[${inode.i_ino}]`, sb.s_root, inode);
  return new File({ mnt: k.mounts.root, dentry }, inode, fops, 0, FMODE_READ, task.cred, task);
}

/**
 * A read-only source of fixed bytes (like a pipe the host filled and closed): what
 * runProgram's `stdin` option feeds a program. Reads hand out the bytes in order, then EOF.
 */
export function hostSource(k: Kernel, task: Task, bytes: Uint8Array): File {
  let off = 0;
  const fops: FileOperations = {
    read(_f, buf, count) {
      const n = Math.min(count, bytes.length - off);
      if (n <= 0) return 0;
      if (copy_to_user(buf, bytes.subarray(off, off + n), n)) return -EFAULT;
      off += n;
      return n;
    },
    llseek: () => -29,
  };
  const sb = k.pipefs;
  const inode = new Inode(sb, S_IFIFO | 0o600, k.clock.realtimeNs());
  inode.i_fop = fops;
  const dentry = new Dentry(`pipe:[${inode.i_ino}]`, sb.s_root, inode);
  return new File({ mnt: k.mounts.root, dentry }, inode, fops, 0, FMODE_READ, task.cred, task);
}

export { S_IFCHR, SIGINT };
