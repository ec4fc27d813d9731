/**
 * What a conformance check is: a named behaviour of one pathway, written once against
 * the Sys interface. `run` performs system calls and returns an outcome — a plain value
 * (errno names, lengths, booleans, short strings) chosen so that it describes behaviour,
 * not content that legitimately differs between two kernels. The suite runs it on each
 * backend and compares the outcomes.
 */

import type { Sys } from "./sys.ts";

export type Pathway = "procfs" | "sysfs" | "debugfs" | "netlink" | "ioctl";

export interface Check {
  /** Stable id, "<pathway>/<name>"; the allow-list refers to it. */
  id: string;
  pathway: Pathway;
  /** One line: the behaviour, as a reader of the table needs it. */
  what: string;
  /** The check needs a root process (uid 0) on the backend. */
  root?: boolean;
  run(sys: Sys): Promise<unknown>;
}

/**
 * Defines checks of one pathway from a table of [name, what, run]. `needRoot` names the
 * checks that need uid 0 (writes to real sysctls, mknod, debugfs); they are skipped when
 * the backends' processes are not root.
 */
export function checks(
  pathway: Pathway,
  table: [name: string, what: string, run: (sys: Sys) => Promise<unknown>][],
  needRoot: string[] = [],
): Check[] {
  for (const n of needRoot) {
    if (!table.some(([name]) => name === n)) throw new Error(`${pathway}: no check ${n}`);
  }
  return table.map(([name, what, run]) => ({
    id: `${pathway}/${name}`,
    pathway,
    what,
    root: needRoot.includes(name),
    run,
  }));
}
