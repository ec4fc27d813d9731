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

/** CONFIG_LOG_BUF_SHIFT=18: the ring keeps this many bytes, dropping the oldest records. */
const LOG_BUF_LEN = 1 << 18;
/** sizeof(struct printk_log): ts_nsec u64, len u16, text_len u16, dict_len u16, facility u8, flags:5 level:3. */
const HDR = 16;
/** LOG_ALIGN: records start on 8-byte boundaries. */
const LOG_ALIGN = 8;
/** A record takes at least a header, so the ring never holds more records than this. */
const MAX_RECORDS = LOG_BUF_LEN / HDR;

type Listener = (rec: LogRecord) => void;

/** facility << 3 | level: how the ring keeps both, one byte per record. */
function packLevel(level: number, facility: number): number {
  return (facility << 3) | (level & 7);
}

/** A record's bytes in the ring: header and text, rounded up to LOG_ALIGN. */
function recordSize(textLen: number): number {
  return (HDR + textLen + LOG_ALIGN - 1) & ~(LOG_ALIGN - 1);
}

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();
const TRUNC_MSG = utf8.encode("<truncated>");
/** Bytes after the ring where messages are encoded before they are copied to their place. */
const SCRATCH_LEN = 16384;
/** At most this many messages, or characters, wait to be written to the ring. */
const QUEUE_MAX = 32;
const QUEUE_CHARS = 4096;

/**
 * The printk ring buffer as kernel/printk/printk.c of 5.4 keeps it: records of a header
 * and the text's bytes, 8-byte aligned, in one 256 KiB array; a record that does not fit
 * before the end wraps to the start (a zero-length header marks the jump), and the oldest
 * records are dropped to make room. Storing bytes rather than objects keeps a busy log off
 * the garbage collector's hands. Records are read back as LogRecord objects.
 *
 * Differences: the header's text length is 32 bits (at the place of text_len and dict_len),
 * since vkern does not cut messages at LOG_LINE_MAX, and facility and level are kept beside
 * the ring rather than in the header's last bytes.
 */
export class PrintkBuffer {
  /** The ring, then the scratch area: copyWithin() moves a message in without allocating. */
  private readonly buf = new Uint8Array(LOG_BUF_LEN + SCRATCH_LEN);
  private readonly scratch = this.buf.subarray(LOG_BUF_LEN);
  private readonly view = new DataView(this.buf.buffer);
  /** Byte offset of each held record, by sequence number modulo MAX_RECORDS. */
  private readonly idxOf = new Uint32Array(MAX_RECORDS);
  /** facility << 3 | level of each held record, by sequence number modulo MAX_RECORDS. */
  private readonly levels = new Uint8Array(MAX_RECORDS);
  /** One past the last record written to the ring (the pending one is not yet). */
  private committedSeq = 0;
  /** log_first_idx/log_first_seq, log_next_idx/log_next_seq. */
  private firstIdx = 0;
  private firstSeqNo = 0;
  private nextIdx = 0;
  private nextSeq = 0;
  /**
   * The last record while it still waits for its newline (KERN_CONT may extend it). It is
   * already visible to readers and written to the ring once it is complete.
   */
  private pending: LogRecord | null = null;
  /**
   * Complete messages (each with its newline) not yet written to the ring, oldest first:
   * they are encoded together when a reader looks or the batch is full, because one
   * TextEncoder call per message costs more (in Node) than the rest of a printk.
   */
  private readonly qText: string[] = [];
  private readonly qSeq: number[] = [];
  private readonly qTs: number[] = [];
  private readonly qLevel: number[] = [];
  private qChars = 0;
  /** Sequence number of the first record `dmesg -c`/SYSLOG_ACTION_CLEAR did not clear. */
  clearSeq = 0;
  private listeners = new Set<Listener>();
  /** Readers of /dev/kmsg sleep here for new records (log_wait). */
  readonly waitq: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();

  constructor(private readonly clock: Clock) {}

  /**
   * Stores one message (a printk call); splits nothing: a multi-line message is one record.
   * `complete` says the text is known to end with its newline (printk knows it from the
   * format, without looking into the string it built).
   */
  store(level: number, facility: number, text: string, cont: boolean, complete?: boolean): void {
    const p = this.pending;
    if (cont && p) {
      p.text += text;
      if (p.text.endsWith("\n")) {
        p.open = false;
        this.pending = null;
        this.enqueue(p.seq, p.tsNs, packLevel(p.level, p.facility), p.text);
        p.text = p.text.slice(0, -1);
      }
      if (this.listeners.size) for (const l of this.listeners) l(p);
      return;
    }
    if (p) {
      p.open = false;
      this.pending = null;
      // An unfinished line is stored as it is: its queued text gets the newline it lacks.
      this.enqueue(p.seq, p.tsNs, packLevel(p.level, p.facility), `${p.text}\n`);
    }
    const seq = this.nextSeq++;
    const tsNs = this.clock.ns();
    if (complete ?? text.charCodeAt(text.length - 1) === 10) {
      this.enqueue(seq, tsNs, packLevel(level, facility), text);
      if (this.listeners.size) {
        const rec: LogRecord = { seq, tsNs, level, facility, text: text.slice(0, -1), open: false };
        for (const l of this.listeners) l(rec);
      }
    } else {
      const rec: LogRecord = { seq, tsNs, level, facility, text, open: true };
      this.pending = rec;
      if (this.listeners.size) for (const l of this.listeners) l(rec);
    }
    if (this.waitq.waiters.size) wake_up(this.waitq);
  }

  /** Queues a complete message (`text` ends with its newline) for the ring. */
  private enqueue(seq: number, tsNs: number, lf: number, text: string): void {
    this.qText.push(text);
    this.qSeq.push(seq);
    this.qTs.push(tsNs);
    this.qLevel.push(lf);
    this.qChars += text.length;
    if (this.qText.length >= QUEUE_MAX || this.qChars >= QUEUE_CHARS) this.flush();
  }

  /**
   * Writes the queued messages to the ring, in order. All of them are encoded in one call;
   * when that gives one byte per character (ASCII), each message's bytes are where its
   * characters were, else each is encoded again on its own.
   */
  private flush(): void {
    const n = this.qText.length;
    if (!n) return;
    const joined = n === 1 ? this.qText[0] : this.qText.join("");
    const r = joined.length <= SCRATCH_LEN ? utf8.encodeInto(joined, this.scratch) : null;
    if (r && r.read === joined.length && r.written === joined.length) {
      let off = 0;
      for (let i = 0; i < n; i++) {
        const len = this.qText[i].length;
        this.commitBytes(this.qSeq[i], this.qTs[i], this.qLevel[i], null, len - 1, off);
        off += len;
      }
    } else {
      for (let i = 0; i < n; i++)
        this.commit(this.qSeq[i], this.qTs[i], this.qLevel[i], this.qText[i]);
    }
    this.qText.length = 0;
    this.qSeq.length = 0;
    this.qTs.length = 0;
    this.qLevel.length = 0;
    this.qChars = 0;
  }

  /** Mirrors logbuf_has_space(): contiguous room for the record and a wrap marker. */
  private hasSpace(size: number, empty: boolean): boolean {
    const free =
      this.nextIdx > this.firstIdx || empty
        ? Math.max(LOG_BUF_LEN - this.nextIdx, this.firstIdx)
        : this.firstIdx - this.nextIdx;
    return free >= size + HDR;
  }

  /** A queued message (with its newline, which the record leaves out) encoded on its own. */
  private commit(seq: number, tsNs: number, lf: number, text: string): void {
    const r = utf8.encodeInto(text, this.scratch);
    if (r.read === text.length) this.commitBytes(seq, tsNs, lf, null, r.written - 1);
    else {
      const bytes = utf8.encode(text);
      this.commitBytes(seq, tsNs, lf, bytes, bytes.length - 1);
    }
  }

  /**
   * Mirrors log_store() with log_make_free_space(): drops the oldest, wraps, writes the
   * first `n` bytes of `bytes`, or of the scratch area from `off` when `bytes` is null.
   */
  private commitBytes(
    seq: number,
    tsNs: number,
    lf: number,
    bytes: Uint8Array | null,
    n: number,
    off = 0,
  ): void {
    let size = recordSize(n);
    while (this.liveSeqs() && !this.hasSpace(size, false)) this.dropFirst();
    if (!this.hasSpace(size, this.liveSeqs() === 0)) {
      // truncate_msg(): a quarter of the ring, then "<truncated>".
      const src = bytes ?? this.scratch.subarray(off);
      const cut = src.subarray(0, Math.min(n, LOG_BUF_LEN / 4));
      bytes = new Uint8Array(cut.length + TRUNC_MSG.length);
      bytes.set(cut);
      bytes.set(TRUNC_MSG, cut.length);
      n = bytes.length;
      size = recordSize(n);
      while (this.liveSeqs() && !this.hasSpace(size, false)) this.dropFirst();
    }
    const v = this.view;
    if (this.nextIdx + size + HDR > LOG_BUF_LEN) {
      // A zero-length header marks the wrap to the start of the buffer.
      v.setUint32(this.nextIdx + 8, 0, true);
      this.nextIdx = 0;
    }
    const at = this.nextIdx;
    v.setFloat64(at, tsNs, true);
    v.setUint32(at + 8, size, true);
    v.setUint32(at + 12, n, true);
    const slot = seq % MAX_RECORDS;
    this.levels[slot] = lf;
    this.idxOf[slot] = at;
    const o = at + HDR;
    if (bytes) this.buf.set(bytes.subarray(0, n), o);
    else this.buf.copyWithin(o, LOG_BUF_LEN + off, LOG_BUF_LEN + off + n);
    if (!this.liveSeqs()) {
      this.firstIdx = at;
      this.firstSeqNo = seq;
    }
    this.nextIdx = at + size;
    this.committedSeq = seq + 1;
  }

  private liveSeqs(): number {
    return this.committedSeq - this.firstSeqNo;
  }

  private dropFirst(): void {
    this.firstSeqNo++;
    this.firstIdx = this.liveSeqs() ? this.idxOf[this.firstSeqNo % MAX_RECORDS] : this.nextIdx;
  }

  /** The record with this sequence number, read back from the ring. */
  private read(seq: number): LogRecord {
    const at = this.idxOf[seq % MAX_RECORDS];
    const v = this.view;
    const n = v.getUint32(at + 12, true);
    const lf = this.levels[seq % MAX_RECORDS];
    const start = at + HDR;
    const text = utf8dec.decode(this.buf.subarray(start, start + n));
    return {
      seq,
      tsNs: v.getFloat64(at, true),
      level: lf & 7,
      facility: lf >> 3,
      text,
      open: false,
    };
  }

  /** Records still held, oldest first (`limit` of them at most). */
  private collect(from: number, limit: number): LogRecord[] {
    this.flush();
    const out: LogRecord[] = [];
    for (let s = Math.max(from, this.firstSeqNo); s < this.committedSeq && out.length < limit; s++)
      out.push(this.read(s));
    const p = this.pending;
    if (p && p.seq >= from && out.length < limit) out.push(p);
    return out;
  }

  /** Records still in the ring, oldest first. */
  all(): readonly LogRecord[] {
    return this.collect(0, Number.POSITIVE_INFINITY);
  }

  /** The oldest sequence number still held. */
  firstSeq(): number {
    this.flush();
    return this.liveSeqs() ? this.firstSeqNo : (this.pending?.seq ?? this.nextSeq);
  }

  /** The record with this sequence number, or the next ones still held after it (`limit` of them). */
  from(seq: number, limit = Number.POSITIVE_INFINITY): LogRecord[] {
    return this.collect(seq, limit);
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
