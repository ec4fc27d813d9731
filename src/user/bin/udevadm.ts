/**
 * udevadm(8) of systemd 237 (Ubuntu 18.04), the "monitor" command only
 * (src/udev/udevadm-monitor.c, libudev-monitor.c): listens on
 * NETLINK_KOBJECT_UEVENT group 1 and prints each kernel uevent as
 *   KERNEL[<monotonic s.us>] <action>  <devpath> (<subsystem>)
 * with --property its KEY=value lines, sorted by key as libudev keeps them.
 * vkern runs no udevd, so UDEV events never come.
 */
import { EINTR } from "../../include/uapi/errno.ts";
import { NETLINK_KOBJECT_UEVENT } from "../../include/uapi/netlink.ts";
import { SIGINT, SIGTERM } from "../../include/uapi/signal.ts";
import {
  AF_NETLINK,
  SO_PASSCRED,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_RAW,
  SOL_SOCKET,
} from "../../include/uapi/socket.ts";
import { getoptLong } from "../lib/getopt.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";
import { sockets } from "../libc/socket.ts";

const dec = new TextDecoder();
/** UDEV_MONITOR_KERNEL: the kernel's multicast group. */
const UDEV_MONITOR_KERNEL = 1;

const MONITOR_HELP =
  "udevadm monitor [OPTIONS]\n\nListen to kernel and udev events.\n\n" +
  "  -h --help                                Show this help\n" +
  "  -V --version                             Show package version\n" +
  "  -p --property                            Print the event properties\n" +
  "  -k --kernel                              Print kernel uevents\n" +
  "  -u --udev                                Print udev events\n" +
  "  -s --subsystem-match=SUBSYSTEM[/DEVTYPE] Filter events by subsystem\n" +
  "  -t --tag-match=TAG                       Filter events by tag\n";

const MAIN_HELP =
  "udevadm [--help] [--version] [--debug] COMMAND [COMMAND OPTIONS]\n\n" +
  "Send control commands or test the device manager.\n\nCommands:\n" +
  "  info          Query sysfs or the udev database\n" +
  "  trigger       Request events from the kernel\n" +
  "  settle        Wait for pending udev events\n" +
  "  control       Control the udev daemon\n" +
  "  monitor       Listen to kernel and udev events\n" +
  "  test          Test an event run\n" +
  "  test-builtin  Test a built-in command\n";

/** A parsed kernel uevent (udev_device_new_from_nulstr()). */
export interface Uevent {
  action: string;
  devpath: string;
  subsystem: string;
  props: [string, string][];
}

/**
 * Mirrors udev_monitor_receive_device()'s checks of a kernel message: "action@devpath"
 * header, then KEY=value strings with ACTION, DEVPATH, SUBSYSTEM and SEQNUM.
 */
export function parseUevent(b: Uint8Array): Uevent | null {
  const nul = b.indexOf(0);
  const bufpos = nul < 0 ? b.length + 1 : nul + 1;
  if (bufpos < "a@/d".length + 1 || bufpos >= b.length) return null;
  if (!dec.decode(b.subarray(0, bufpos - 1)).includes("@/")) return null;
  const props = new Map<string, string>();
  for (const s of dec.decode(b.subarray(bufpos)).split("\0")) {
    const eq = s.indexOf("=");
    if (eq > 0) props.set(s.slice(0, eq), s.slice(eq + 1));
  }
  const action = props.get("ACTION");
  const devpath = props.get("DEVPATH");
  const subsystem = props.get("SUBSYSTEM");
  if (!action || !devpath || !subsystem || !props.get("SEQNUM")) return null;
  const sorted = [...props].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { action, devpath, subsystem, props: sorted };
}

/** Mirrors print_device(). */
export function formatUevent(
  ev: Uevent,
  ts: { sec: number; nsec: number },
  property: boolean,
): string {
  let s = `${"KERNEL".padEnd(6)}[${ts.sec}.${String(Math.floor(ts.nsec / 1000)).padStart(6, "0")}] `;
  s += `${ev.action.padEnd(8)} ${ev.devpath} (${ev.subsystem})\n`;
  if (property) s += `${ev.props.map(([k, v]) => `${k}=${v}\n`).join("")}\n`;
  return s;
}

async function monitor(argv: string[], libc: Libc): Promise<number> {
  const r = getoptLong(argv, "pekus:t:Vh", [
    { name: "property", hasArg: 0, val: "p" },
    { name: "environment", hasArg: 0, val: "e" },
    { name: "kernel", hasArg: 0, val: "k" },
    { name: "udev", hasArg: 0, val: "u" },
    { name: "subsystem-match", hasArg: 1, val: "s" },
    { name: "tag-match", hasArg: 1, val: "t" },
    { name: "version", hasArg: 0, val: "V" },
    { name: "help", hasArg: 0, val: "h" },
  ]);
  if (r.error) {
    await libc.fputs(r.error, libc.stderr);
    return 1;
  }
  let property = false;
  let kernel = false;
  let udev = false;
  const subsystems: string[] = [];
  for (const o of r.options) {
    if (o.key === "p" || o.key === "e") property = true;
    else if (o.key === "k") kernel = true;
    else if (o.key === "u") udev = true;
    else if (o.key === "s" && o.arg) subsystems.push(o.arg.split("/")[0]);
    else if (o.key === "V") {
      await libc.printf("237\n");
      return 0;
    } else if (o.key === "h") {
      await libc.printf("%s", MONITOR_HELP);
      return 0;
    }
  }
  if (!kernel && !udev) kernel = udev = true;
  // Callers are expecting to see events as they happen: line buffering.
  libc.stdout.mode = "line";
  let stop = false;
  await libc.signal(SIGINT, () => {
    stop = true;
  });
  await libc.signal(SIGTERM, () => {
    stop = true;
  });
  const so = sockets(libc);
  await libc.printf("monitor will print the received events for:\n");
  let fd = -1;
  if (udev) await libc.printf("UDEV - the event which udev sends out after rule processing\n");
  if (kernel) {
    try {
      fd = await so.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
      await so.bindNl(fd, 0, UDEV_MONITOR_KERNEL);
      // sd_device_monitor_set_receive_buffer_size(): SO_RCVBUFFORCE as root, else SO_RCVBUF.
      await so
        .setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, 128 * 1024 * 1024)
        .catch(() => so.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 128 * 1024 * 1024));
      await so.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, 1);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.fprintf(libc.stderr, "error: unable to create netlink socket\n");
      return 1;
    }
    await libc.printf("KERNEL - the kernel uevent\n");
  }
  await libc.printf("\n");
  await libc.fflush(libc.stdout);
  while (!stop) {
    if (fd < 0) {
      // Only udev events asked for, and vkern has no udevd: wait for a signal.
      await libc.nanosleep(3600).catch(() => 0);
      continue;
    }
    let m: Awaited<ReturnType<typeof so.recvmsgNl>>;
    try {
      m = await so.recvmsgNl(fd, 8192);
    } catch (e) {
      if (e instanceof SysError && e.errno === EINTR) continue;
      if (e instanceof SysError) continue; // ENOBUFS: events were lost; keep listening
      throw e;
    }
    // Only multicast messages from the kernel (port 0) are trusted.
    if (m.from.nl_groups !== UDEV_MONITOR_KERNEL || m.from.nl_pid !== 0) continue;
    const ev = parseUevent(m.data);
    if (!ev || (subsystems.length && !subsystems.includes(ev.subsystem))) continue;
    const ts = await libc.clock_gettime(1 /* CLOCK_MONOTONIC */);
    await libc.printf("%s", formatUevent(ev, ts, property));
  }
  return 0;
}

/** Mirrors udevadm.c's main(): only `monitor` is implemented. */
export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== "--debug" && a !== "-d");
  const cmd = args[0];
  if (cmd === "--help" || cmd === "-h") {
    await libc.printf("%s", MAIN_HELP);
    return 0;
  }
  if (cmd === "--version" || cmd === "-V") {
    await libc.printf("237\n");
    return 0;
  }
  if (cmd === "monitor") return monitor([`${argv[0]} monitor`, ...args.slice(1)], libc);
  await libc.fputs("udevadm: missing or unknown command\n", libc.stderr);
  return 2;
}
