/**
 * The printk ring buffer (kernel/printk/printk.c): records with sequence number,
 * level, facility and a timestamp from the kernel clock.
 */
import type { Clock } from "./time.ts";
import { DECLARE_WAIT_QUEUE_HEAD, type WaitQueueHead, wake_up } from "./wait.ts";

export const KERN_SOH = "\x01";
export const KERN_EMERG = "\x010";
export const KERN_ALERT = "\x011";
export const KERN_CRIT = "\x012";
export const KERN_ERR = "\x013";
export const KERN_WARNING = "\x014";
export const KERN_NOTICE = "\x015";
export const KERN_INFO = "\x016";
export const KERN_DEBUG = "\x017";
export const KERN_DEFAULT = "";
export const KERN_CONT = "\x01c";

export const LOGLEVEL_EMERG = 0;
export const LOGLEVEL_ERR = 3;
export const LOGLEVEL_WARNING = 4;
export const LOGLEVEL_INFO = 6;
export const LOGLEVEL_DEBUG = 7;
/** CONFIG_MESSAGE_LOGLEVEL_DEFAULT */
export const MESSAGE_LOGLEVEL_DEFAULT = 4;

/** Facility of kernel messages (LOG_KERN) and of lines written to /dev/kmsg (LOG_USER). */
export const LOG_KERN = 0;
export const LOG_USER = 1;

export interface LogRecord {
  seq: number;
  tsNs: number;
  level: number;
  facility: number;
  /** The message without its trailing newline; may contain inner newlines. */
  text: string;
  /** The record has not seen its newline yet, so KERN_CONT may extend it. */
  open: boolean;
}

/** CONFIG_LOG_BUF_SHIFT=18: the ring keeps this many bytes of text, dropping the oldest. */
const LOG_BUF_LEN = 1 << 18;

type Listener = (rec: LogRecord) => void;

export class PrintkBuffer {
  private records: LogRecord[] = [];
  private head = 0;
  private bytes = 0;
  private nextSeq = 0;
  /** Sequence number of the first record `dmesg -c`/SYSLOG_ACTION_CLEAR did not clear. */
  clearSeq = 0;
  private listeners = new Set<Listener>();
  /** Readers of /dev/kmsg sleep here for new records (log_wait). */
  readonly waitq: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();

  constructor(private readonly clock: Clock) {}

  /** Stores one message (a printk call); splits nothing: a multi-line message is one record. */
  store(level: number, facility: number, text: string, cont: boolean): LogRecord {
    const last = this.records.length > this.head ? this.records[this.records.length - 1] : null;
    if (cont && last?.open) {
      last.text += text;
      if (last.text.endsWith("\n")) {
        last.text = last.text.slice(0, -1);
        last.open = false;
      }
      this.bytes += text.length;
      if (this.listeners.size) for (const l of this.listeners) l(last);
      return last;
    }
    if (last?.open) last.open = false;
    let open = true;
    if (text.endsWith("\n")) {
      text = text.slice(0, -1);
      open = false;
    }
    const rec: LogRecord = {
      seq: this.nextSeq++,
      tsNs: this.clock.ns(),
      level,
      facility,
      text,
      open,
    };
    this.records.push(rec);
    this.bytes += text.length + 16;
    while (this.bytes > LOG_BUF_LEN && this.head < this.records.length - 1) {
      this.bytes -= this.records[this.head].text.length + 16;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    // Most messages have no listener and no sleeping reader: skip the (allocating) loops.
    if (this.listeners.size) for (const l of this.listeners) l(rec);
    if (this.waitq.waiters.size) wake_up(this.waitq);
    return rec;
  }

  /** Records still in the ring, oldest first. */
  all(): readonly LogRecord[] {
    return this.head === 0 ? this.records : this.records.slice(this.head);
  }

  /** The oldest sequence number still held. */
  firstSeq(): number {
    return this.records.length > this.head ? this.records[this.head].seq : this.nextSeq;
  }

  /** The record with this sequence number, or the next one still held after it. */
  from(seq: number): LogRecord[] {
    const recs = this.all();
    if (recs.length === 0) return [];
    const start = Math.max(0, seq - recs[0].seq);
    return recs.slice(start);
  }

  get next(): number {
    return this.nextSeq;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** Splits a leading KERN_<LEVEL> marker off a format (printk_get_level()). */
export function printk_get_level(fmt: string): { level: number | "c" | null; rest: string } {
  if (fmt.length >= 2 && fmt[0] === KERN_SOH) {
    const c = fmt[1];
    if (c >= "0" && c <= "7") return { level: c.charCodeAt(0) - 48, rest: fmt.slice(2) };
    if (c === "c") return { level: "c", rest: fmt.slice(2) };
    if (c === "d") return { level: null, rest: fmt.slice(2) };
  }
  return { level: null, rest: fmt };
}
