/**
 * The live kernel log: every record of the printk ring as `dmesg` prints it (util-linux's
 * `[%5lu.%06lu]` stamp, continuation lines indented), appended as the kernel logs it, and
 * started afresh on each boot; records `dmesg -C` cleared leave it too. It follows the end
 * unless the learner has scrolled up.
 */
import type { Kernel } from "../../../src/kernel/kernel.ts";
import type { LogRecord } from "../../../src/kernel/printk.ts";
import type { Machine } from "../machine.ts";

/** Lines kept in the page; the ring itself keeps more, and `dmesg` reads all of it. */
const MAX_RECORDS = 3000;

export function mountDmesg(machine: Machine, pre: HTMLElement): void {
  let unsubscribe: (() => void) | null = null;
  const shown = new Map<number, HTMLElement>();

  const atBottom = () => pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;

  const show = (rec: LogRecord) => {
    const follow = atBottom();
    let el = shown.get(rec.seq);
    if (!el) {
      el = document.createElement("span");
      el.className = `lvl-${rec.level}`;
      shown.set(rec.seq, el);
      pre.append(el);
      while (shown.size > MAX_RECORDS) {
        const [first] = shown.keys();
        shown.get(first)?.remove();
        shown.delete(first);
      }
    }
    // A KERN_CONT continuation updates its record in place.
    el.textContent = machine.dmesgLine(rec);
    if (follow) pre.scrollTop = pre.scrollHeight;
  };

  const attach = (k: Kernel) => {
    unsubscribe?.();
    shown.clear();
    pre.textContent = "";
    for (const rec of k.log.all()) show(rec);
    unsubscribe = k.log.subscribe(show);
    pre.scrollTop = pre.scrollHeight;
  };

  /** Drops what `dmesg -c`/`-C` cleared (SYSLOG_ACTION_CLEAR moves clear_seq). */
  const dropCleared = () => {
    const clear = machine.kernel.log.clearSeq;
    for (const [seq, el] of shown) {
      if (seq >= clear) break;
      el.remove();
      shown.delete(seq);
    }
  };

  attach(machine.kernel);
  machine.bootListeners.add(attach);
  machine.idleListeners.add(dropCleared);
}
