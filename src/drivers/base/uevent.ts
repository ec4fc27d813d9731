/**
 * Kernel object uevents (lib/kobject_uevent.c of Linux 5.4): ACTION, DEVPATH and
 * SUBSYSTEM, the kset's own variables (MAJOR/MINOR/DEVNAME/DRIVER/MODALIAS for a
 * device), and SEQNUM. Each event goes to the registered listeners — the netlink
 * layer broadcasts it on NETLINK_KOBJECT_UEVENT as "action@devpath\0KEY=value\0...".
 */

import { WARN } from "../../fs/sysfs/warn.ts";
import { EINVAL, ENOMEM } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { format, type PrintfArg } from "../../lib/vsprintf.ts";
import { type Kobject, kobject_get_path, set_uevent_hooks } from "./kobject.ts";
import { KobjUeventEnv } from "./uevent_types.ts";

export type { KsetUeventOps } from "./uevent_types.ts";
export { KobjUeventEnv };

/** enum kobject_action */
export const KOBJ_ADD = 0;
export const KOBJ_REMOVE = 1;
export const KOBJ_CHANGE = 2;
export const KOBJ_MOVE = 3;
export const KOBJ_ONLINE = 4;
export const KOBJ_OFFLINE = 5;
export const KOBJ_BIND = 6;
export const KOBJ_UNBIND = 7;

/** kobject_actions[]: the ACTION strings. */
export const kobject_actions = [
  "add",
  "remove",
  "change",
  "move",
  "online",
  "offline",
  "bind",
  "unbind",
] as const;

/** include/linux/kobject.h of 5.4 */
export const UEVENT_NUM_ENVP = 32;
export const UEVENT_BUFFER_SIZE = 2048;

/** Receives every uevent: ("add", "/devices/...", ["ACTION=add", ..., "SEQNUM=n"]). */
export type UeventListener = (action: string, devpath: string, env: string[]) => void;

interface UeventState {
  /** uevent_seqnum: the last SEQNUM handed out (/sys/kernel/uevent_seqnum). */
  seqnum: bigint;
  listeners: Set<UeventListener>;
}

const ueventState = defineKernelLocal<UeventState>(() => ({ seqnum: 0n, listeners: new Set() }));

/** uevent_listeners: the subscribers of a kernel (the netlink uevent socket family). */
export function uevent_listeners(k: Kernel): ReadonlySet<UeventListener> {
  return ueventState.get(k).listeners;
}

/**
 * Subscribes to the uevents of kernel `k` (what a NETLINK_KOBJECT_UEVENT broadcaster
 * registers). Returns the function that unsubscribes.
 */
export function register_uevent_listener(k: Kernel, fn: UeventListener): () => void {
  const st = ueventState.get(k);
  st.listeners.add(fn);
  return () => {
    st.listeners.delete(fn);
  };
}

/** The current uevent_seqnum of a kernel. */
export function uevent_seqnum(k: Kernel): bigint {
  return ueventState.get(k).seqnum;
}

const utf8 = new TextEncoder();

/** The UTF-8 length of a string (ASCII, the usual case, without encoding it). */
function byteLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return utf8.encode(s).length;
  return s.length;
}

const ADD_VAR_SITE = { file: "lib/kobject_uevent.c", line: 663, func: "add_uevent_var" };

/** Mirrors add_uevent_var(): -ENOMEM (with a warning) past 32 keys or 2048 bytes. */
export function add_uevent_var(env: KobjUeventEnv, fmt: string, ...args: PrintfArg[]): number {
  if (env.envp.length >= UEVENT_NUM_ENVP) {
    WARN(1, ADD_VAR_SITE, "add_uevent_var: too many keys\n");
    return -ENOMEM;
  }
  const s = format(fmt, args, { kernel: true });
  const len = byteLength(s);
  if (len >= UEVENT_BUFFER_SIZE - env.buflen) {
    WARN(1, ADD_VAR_SITE, "add_uevent_var: buffer size too small\n");
    return -ENOMEM;
  }
  env.envp.push(s);
  env.buflen += len + 1;
  return 0;
}

/** Mirrors zap_modalias_env(): an "unbind" event carries no MODALIAS. */
function zap_modalias_env(env: KobjUeventEnv): void {
  for (let i = env.envp.length - 1; i >= 0; i--) {
    if (env.envp[i].startsWith("MODALIAS=")) {
      env.buflen -= env.envp[i].length + 1;
      env.envp.splice(i, 1);
    }
  }
}

/** Mirrors kobject_uevent_env(): builds the event and hands it to the listeners. */
export function kobject_uevent_env(
  kobj: Kobject,
  action: number,
  envp_ext: readonly string[] | null,
): number {
  const k = this_kernel();
  const action_string = kobject_actions[action];
  if (action === KOBJ_REMOVE) kobj.state_remove_uevent_sent = true;
  // search the kset we belong to
  let top: Kobject = kobj;
  while (!top.kset && top.parent) top = top.parent;
  if (!top.kset) return -EINVAL;
  const kset = top.kset;
  const ops = kset.uevent_ops;
  if (kobj.uevent_suppress) return 0;
  if (ops?.filter && !ops.filter(kset, kobj)) return 0;
  const subsystem = ops?.name ? ops.name(kset, kobj) : kset.kobj.name;
  if (!subsystem) return 0;
  const env = new KobjUeventEnv();
  const devpath = kobject_get_path(kobj);
  let retval = add_uevent_var(env, "ACTION=%s", action_string);
  if (!retval) retval = add_uevent_var(env, "DEVPATH=%s", devpath);
  if (!retval) retval = add_uevent_var(env, "SUBSYSTEM=%s", subsystem);
  if (retval) return retval;
  for (const e of envp_ext ?? []) {
    retval = add_uevent_var(env, "%s", e);
    if (retval) return retval;
  }
  if (ops?.uevent) {
    retval = ops.uevent(kset, kobj, env);
    if (retval) return retval;
  }
  if (action === KOBJ_ADD) kobj.state_add_uevent_sent = true;
  else if (action === KOBJ_UNBIND) zap_modalias_env(env);
  const st = ueventState.get(k);
  const seq = st.seqnum + 1n;
  retval = add_uevent_var(env, "SEQNUM=%llu", seq);
  if (retval) return retval;
  st.seqnum = seq;
  // kobject_uevent_net_broadcast()
  for (const l of [...st.listeners]) l(action_string, devpath, [...env.envp]);
  return 0;
}

/** Mirrors kobject_uevent(). */
export function kobject_uevent(kobj: Kobject, action: number): number {
  return kobject_uevent_env(kobj, action, null);
}

/** Mirrors kobject_action_type(): "add", "change\n", "add <uuid> K=v" ... */
function kobject_action_type(buf: string): { action: number; args: string | null } | null {
  let count = buf.length;
  if (count && (buf[count - 1] === "\n" || buf[count - 1] === "\0")) count--;
  if (!count) return null;
  const sp = buf.slice(0, count).indexOf(" ");
  const first = sp >= 0 ? buf.slice(0, sp) : buf.slice(0, count);
  const args = sp >= 0 ? buf.slice(sp + 1) : null;
  const action = kobject_actions.indexOf(first as (typeof kobject_actions)[number]);
  return action < 0 ? null : { action, args };
}

const UUID_STRING_LEN = 36;

/** Mirrors uuid_is_valid(). */
function uuid_is_valid(s: string): boolean {
  for (let i = 0; i < UUID_STRING_LEN; i++) {
    const c = s[i] ?? "";
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== "-") return false;
    } else if (!/^[0-9a-fA-F]$/.test(c)) return false;
  }
  return true;
}

const isalnum = (c: string | undefined) => c !== undefined && /^[0-9A-Za-z]$/.test(c);

/** Mirrors action_arg_word_end(): the end of an alphanumeric word, or -1. */
function word_end(s: string, from: number, end: number, delim: string): number {
  let i = from;
  while (i <= end && s[i] !== delim) if (!isalnum(s[i++])) return -1;
  return i === from ? -1 : i;
}

/** Mirrors kobject_action_args(): "<uuid> KEY=value ..." to SYNTH_UUID/SYNTH_ARG_ vars. */
function kobject_action_args(buf: string): KobjUeventEnv | number {
  let count = buf.length;
  if (count && (buf[count - 1] === "\n" || buf[count - 1] === "\0")) count--;
  if (!count) return -EINVAL;
  const env = new KobjUeventEnv();
  if (
    count < UUID_STRING_LEN ||
    !uuid_is_valid(buf) ||
    add_uevent_var(env, "SYNTH_UUID=%s", buf.slice(0, UUID_STRING_LEN))
  )
    return -EINVAL;
  let next = UUID_STRING_LEN;
  const end = count - 1;
  while (next <= end) {
    if (buf[next] !== " ") return -EINVAL;
    const key = ++next;
    if (key > end) return -EINVAL;
    next = word_end(buf, key, end, "=");
    if (next < 0 || next > end || buf[next] !== "=") return -EINVAL;
    const keyText = buf.slice(key, next);
    if (++next > end) return -EINVAL;
    const val = next;
    next = word_end(buf, val, end, " ");
    if (next < 0) return -EINVAL;
    if (add_uevent_var(env, "SYNTH_ARG_%s=%s", keyText, buf.slice(val, next))) return -EINVAL;
  }
  return env;
}

/** Mirrors kobject_synth_uevent(): what writing to a "uevent" file does. */
export function kobject_synth_uevent(kobj: Kobject, buf: string): number {
  let msg: string | null = null;
  let r: number;
  const t = kobject_action_type(buf);
  if (!t) {
    msg = "unknown uevent action string";
    r = -EINVAL;
  } else if (t.args === null) {
    r = kobject_uevent_env(kobj, t.action, ["SYNTH_UUID=0"]);
  } else {
    const env = kobject_action_args(t.args);
    if (typeof env === "number") {
      r = env;
      if (r === -EINVAL) msg = "incorrect uevent action arguments";
    } else {
      r = kobject_uevent_env(kobj, t.action, env.envp);
    }
  }
  if (r) {
    this_kernel().printk(
      `synth uevent: ${kobject_get_path(kobj)}: ${msg ?? "failed to send uevent"}`,
      4,
    );
  }
  return r;
}

set_uevent_hooks({ kobject_uevent, kobject_uevent_env });
