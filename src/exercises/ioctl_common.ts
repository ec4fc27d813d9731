/**
 * What the two ioctl exercises share: the header their driver and user program include
 * (the book's ch2/ioctl_intf/ioctl_llkd.h, with the exercise's new command) and the
 * checker's access to the driver: find its major in /proc/devices, make the node as the
 * book's cr8devnode.sh does, and issue ioctls from a process with real user memory.
 */
import { _IO, _IOR, _IOW } from "../include/uapi/ioctl.ts";
import { S_IFCHR } from "../include/uapi/stat.ts";
import { SysError } from "../user/libc/errors.ts";
import type { Libc } from "../user/libc/libc.ts";
import { type Harness, Killed } from "./harness.ts";
import { type ExerciseTest, verdict } from "./types.ts";

export const IOCTL_LLKD_MAGIC = 0xa8;
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, 4);
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, 4);

/** The shared header of an exercise, as the starter ships it; `extra` adds its command. */
export function ioctlHeader(exercise: string, extra: string): string {
  return `/*
 * ioctl_llkd.ts: the header the ${exercise} driver and its user program share (the book's
 * ch2/ioctl_intf/ioctl_llkd.h). Both import it: \`import { ... } from "./ioctl_llkd"\`.
 *
 * _IO(type,nr)              ioctl command with no argument
 * _IOR(type,nr,size)        ioctl command for reading data from the kernel/drv
 * _IOW(type,nr,size)        ioctl command for writing data to the kernel/drv
 * _IOWR(type,nr,size)       ioctl command for read/write transfers
 * (TypeScript has no sizeof: the datatype is given as its size, 4 for an int.)
 */
import { _IO, _IOR, _IOW } from "linux";

/* The 'magic' number for our driver; see Documentation/ioctl/ioctl-number.rst */
export const IOCTL_LLKD_MAGIC = 0xa8;

export const IOCTL_LLKD_MAXIOCTL = 3;

/** sizeof(int) */
export const SIZEOF_INT = 4;

/* our dummy ioctl (IOC) RESET command */
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);

/* our dummy ioctl (IOC) Query POWER command */
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, SIZEOF_INT);

/* our dummy ioctl (IOC) Set POWER command */
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, SIZEOF_INT);
${extra}`;
}

export type IoctlResult = { ok: true; ret: number } | { ok: false; code: string };

/** The driver's /dev node: a misc device's, or one made from its major in /proc/devices. */
export async function devNode(h: Harness, name: string): Promise<string | null> {
  const path = `/dev/${name}`;
  if (await h.exists(path)) return path;
  const devices = await h.read("/proc/devices");
  if (!devices.ok) return null;
  const m = new RegExp(`^\\s*(\\d+) ${name}$`, "m").exec(devices.text);
  if (!m) return null;
  const { libc } = h.proc(0);
  await libc.mknod(path, S_IFCHR | 0o666, (Number(m[1]) << 8) | 0);
  await libc.chmod(path, 0o666);
  return path;
}

/** Opens the device as `uid` and runs `fn` with the fd; null if there is no device. */
export async function withDevice<T>(
  h: Harness,
  name: string,
  uid: number,
  fn: (libc: Libc, fd: number) => Promise<T>,
): Promise<T | { ok: false; code: string }> {
  const path = await devNode(h, name);
  if (!path) return { ok: false, code: `no device: ${name} is not in /proc/devices` };
  const { task, libc } = h.proc(uid);
  let fd = -1;
  try {
    fd = await h.guard(task, libc.open(path, 2));
    return await h.guard(task, fn(libc, fd));
  } catch (e) {
    if (e instanceof SysError) return { ok: false, code: `open: ${e.code}` };
    if (e instanceof Killed) return { ok: false, code: "killed (the kernel faulted)" };
    throw e;
  } finally {
    if (fd >= 0 && task.alive) await libc.close(fd).catch(() => 0);
  }
}

/** ioctl(2) whose failure is a value. */
export async function ioctl(
  libc: Libc,
  fd: number,
  cmd: number,
  arg: number | bigint = 0,
): Promise<IoctlResult> {
  try {
    return { ok: true, ret: await libc.ioctl(fd, cmd, arg) };
  } catch (e) {
    if (e instanceof SysError) return { ok: false, code: e.code };
    throw e;
  }
}

export const ioctlText = (r: IoctlResult | { ok: false; code: string }) =>
  r.ok ? `returned ${(r as { ret: number }).ret}` : `failed: ${r.code}`;

export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/**
 * The checks both ioctl exercises make of the book's template commands: RESET/QPOWER/SPOWER
 * still work (power is set back to 1 afterwards, the driver's initial state), and unknown
 * commands and a wrong magic fail with ENOTTY.
 */
export function templateChecks(name: string): ExerciseTest[] {
  return [
    {
      name: "the template's RESET, QPOWER and SPOWER still work",
      async run(h) {
        const r = await withDevice(h, name, 0, async (libc, fd) => {
          const p = libc.mem.malloc(4);
          const reset = await ioctl(libc, fd, IOCTL_LLKD_IOCRESET, 0);
          const q1 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v1 = libc.mem.i32(p);
          const s = await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 0);
          const q2 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v2 = libc.mem.i32(p);
          await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 1);
          return { reset, q1, v1, s, q2, v2 };
        });
        if (!("reset" in r)) return verdict(false, "the three commands", r.code);
        const ok = r.reset.ok && r.q1.ok && r.v1 === 1 && r.s.ok && r.q2.ok && r.v2 === 0;
        return verdict(
          ok,
          "RESET returns 0, QPOWER gives 1, SPOWER 0 then QPOWER gives 0",
          `RESET ${ioctlText(r.reset)}, QPOWER ${ioctlText(r.q1)} (${r.v1}), SPOWER ${ioctlText(r.s)}, QPOWER ${ioctlText(r.q2)} (${r.v2})`,
        );
      },
    },
    {
      name: "unknown commands and a wrong magic fail with ENOTTY",
      async run(h) {
        const r = await withDevice(h, name, 0, async (libc, fd) => ({
          nr: await ioctl(libc, fd, _IO(IOCTL_LLKD_MAGIC, 9), 0),
          magic: await ioctl(libc, fd, _IO(0xa9, 1), 0),
        }));
        if (!("nr" in r)) return verdict(false, "ENOTTY twice", r.code);
        const ok = !r.nr.ok && r.nr.code === "ENOTTY" && !r.magic.ok && r.magic.code === "ENOTTY";
        return verdict(
          ok,
          "ENOTTY for _IO(0xa8, 9) and _IO(0xa9, 1)",
          `${ioctlText(r.nr)}; ${ioctlText(r.magic)}`,
        );
      },
    },
  ];
}

/** What differs between the two ioctl assignments' starter driver and program. */
export interface IoctlStarterParts {
  name: string;
  program: string;
  /** "1" or "2": the chapter's assignment number. */
  number: string;
  /** The driver's MODULE_DESCRIPTION. */
  description: string;
  /** The command the learner adds. */
  command: string;
  /** The driver's TODO comment lines (" * ...\n"). */
  driverTodo: string;
  /** The program's TODO comment lines (" * ...\n"). */
  programTodo: string;
}

/** The starter driver: the chapter's ioctl_llkd_kdrv with the assignment's TODOs. */
export function ioctlDriverSkeleton(p: IoctlStarterParts): string {
  const o = { ...p, todo: p.driverTodo };
  return `/*
 * ${o.name}: the chapter's ioctl assignment #${o.number}. The chapter's ioctl_llkd_kdrv driver (a raw
 * char driver with a dynamic major) to start from.
 *
${o.todo} */
import {
  __put_user,
  _IOC_NR,
  _IOC_TYPE,
  CAP_SYS_ADMIN,
  capable,
  ENOTTY,
  EPERM,
  type File,
  type FileOperations,
  type ModuleDefinition,
  no_llseek,
  pr_debug,
  pr_info,
  register_chrdev,
  unregister_chrdev,
} from "linux";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  IOCTL_LLKD_MAXIOCTL,
} from "./ioctl_llkd";

const OURMODNAME = "${o.name}";

const ${o.name}: ModuleDefinition = {
  name: OURMODNAME,
  description: "${o.description}",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ major: 0, power: 1 /* 'powered on' by default */ });

    function ioctl_intf_ioctl(_filp: File, cmd: number, arg: number | bigint): number {
      pr_debug("In ioctl method, cmd=%d\\n", _IOC_NR(cmd));
      /* Verify stuff: is the ioctl's for us? etc.. */
      if (_IOC_TYPE(cmd) !== IOCTL_LLKD_MAGIC) {
        pr_info("ioctl fail; magic # mismatch\\n");
        return -ENOTTY;
      }
      if (_IOC_NR(cmd) > IOCTL_LLKD_MAXIOCTL) {
        pr_info("ioctl fail; invalid cmd?\\n");
        return -ENOTTY;
      }
      switch (cmd) {
        case IOCTL_LLKD_IOCRESET:
          return 0;
        case IOCTL_LLKD_IOCQPOWER /* Get: arg is pointer to result */:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          return __put_user(g.power, Number(arg), "int");
        case IOCTL_LLKD_IOCSPOWER /* Set: arg is the value to set */:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          g.power = Number(BigInt.asIntN(32, BigInt(arg)));
          return 0;
        /* TODO: case ${o.command} */
        default:
          return -ENOTTY;
      }
    }

    const ioctl_intf_fops: FileOperations = {
      owner: THIS_MODULE,
      llseek: no_llseek,
      unlocked_ioctl: ioctl_intf_ioctl,
    };

    function ${o.name}_init(): number {
      /* Register the major, and accept a dynamic number */
      const result = register_chrdev(0, OURMODNAME, ioctl_intf_fops);
      if (result < 0) {
        pr_info("register_chrdev() failed (%d)\\n", result);
        return result;
      }
      g.major = result;
      pr_info("initialized, major %d\\n", g.major);
      return 0;
    }

    function ${o.name}_cleanup(): void {
      unregister_chrdev(g.major, OURMODNAME);
      pr_info("removed\\n");
    }

    return { init: ${o.name}_init, exit: ${o.name}_cleanup };
  },
};

export default ${o.name};
`;
}

/** The starter user program: opens the device; the assignment's ioctl is a TODO. */
export function ioctlProgramSkeleton(p: IoctlStarterParts): string {
  const o = { ...p, todo: p.programTodo };
  return `/*
 * ${o.program}: the user program of the ${o.name} assignment.
 *   usage: ${o.program} DEVICE_FILE
 *
${o.todo} */
import { EXIT_FAILURE, EXIT_SUCCESS, type Libc, O_RDWR, SysError } from "libc";

export default async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  if (argv.length < 2) {
    await libc.fprintf(libc.stderr, "Usage: %s device_file\\n", argv[0]);
    return EXIT_FAILURE;
  }
  let fd: number;
  try {
    fd = await libc.open(argv[1], O_RDWR, 0);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("open");
    return EXIT_FAILURE;
  }
  await libc.printf("device opened: fd=%d\\n", fd);
  /* TODO */
  await libc.close(fd);
  return EXIT_SUCCESS;
}
`;
}
