/**
 * The checker of dbgfs_showall_threads: every thread alive, once, as CSV with the right
 * TGID, task_struct and stack addresses, kernel threads in brackets and #threads on the
 * main threads of multithreaded processes. The checker starts a user process with four
 * threads ("mtapp") before reading.
 */

import type { Task } from "../../kernel/task.ts";
import {
  create_user_thread,
  for_each_process_thread,
  get_nr_threads,
  task_addr,
  task_stack_page,
} from "../../kernel/task_list.ts";
import { px } from "../common.ts";
import { type Harness, ioText } from "../harness.ts";
import { type Exercise, verdict } from "../types.ts";
import { NAME, STARTER, STATEMENT } from "./starter.ts";

const DIR = `/sys/kernel/debug/${NAME}`;
const FILE = `${DIR}/${NAME}`;
const MT_THREADS = 4;

interface Line {
  raw: string;
  tgid: number;
  pid: number;
  task: bigint;
  stack: bigint;
  name: string;
  bracketed: boolean;
  nr: number | null;
}

/** Parses one CSV line; a string says what is wrong with it. */
function parseLine(raw: string): Line | string {
  const f = raw.split(",").map((x) => x.trim());
  if (f.length < 5 || f.length > 6) return `${f.length} fields`;
  const [tg, pi, cur, st, name, nr] = f;
  if (!/^\d+$/.test(tg) || !/^\d+$/.test(pi)) return "TGID/PID not numbers";
  const addr = (s: string) =>
    /^(0x)?[0-9a-f]+$/i.test(s) ? BigInt(s.startsWith("0x") ? s : `0x${s}`) : null;
  const task = addr(cur);
  const stack = addr(st);
  if (task === null || stack === null) return "current/stack-start not hex addresses";
  if (nr !== undefined && !/^\d+$/.test(nr)) return "#threads not a number";
  const bracketed = /^\[.*\]$/.test(name);
  return {
    raw,
    tgid: Number(tg),
    pid: Number(pi),
    task,
    stack,
    name: bracketed ? name.slice(1, -1) : name,
    bracketed,
    nr: nr === undefined ? null : Number(nr),
  };
}

interface Snapshot {
  lines: Line[];
  bad: string[];
  text: string;
  /** The kernel's threads right after the read (the reader itself is still alive). */
  tasks: Map<number, { t: Task; leader: Task }>;
  error: string | null;
}

const mtapps = new WeakMap<Harness, Task>();

/** A user process with MT_THREADS threads, started once per checked kernel. */
function mtapp(h: Harness): Task {
  let t = mtapps.get(h);
  if (t) return t;
  t = h.proc(1000).task;
  t.set_comm("mtapp");
  for (let i = 1; i < MT_THREADS; i++) create_user_thread(t, "mtapp");
  mtapps.set(h, t);
  return t;
}

async function snapshot(h: Harness, chunk = 4096): Promise<Snapshot> {
  mtapp(h);
  const r = await h.read(FILE, 0, chunk);
  const tasks = new Map<number, { t: Task; leader: Task }>();
  h.k.run(() => {
    for (const [leader, t] of for_each_process_thread()) tasks.set(t.pid, { t, leader });
  });
  const lines: Line[] = [];
  const bad: string[] = [];
  if (r.ok) {
    for (const raw of r.text.split("\n")) {
      if (!raw.trim() || /^\s*TGID/i.test(raw)) continue;
      const l = parseLine(raw);
      if (typeof l === "string") bad.push(`${JSON.stringify(raw)}: ${l}`);
      else lines.push(l);
    }
  }
  return { lines, bad, text: r.ok ? r.text : "", tasks, error: r.ok ? null : ioText(r) };
}

const first = (xs: string[], n = 3) =>
  xs.slice(0, n).join("; ") + (xs.length > n ? ` (and ${xs.length - n} more)` : "");

export const exercise: Exercise = {
  name: NAME,
  title: "debugfs file listing every thread alive as CSV",
  statement: STATEMENT,
  starter: STARTER,
  module: NAME,
  creates: [DIR],
  tests: [
    {
      name: `${FILE} exists`,
      async run(h) {
        const ok = await h.exists(FILE);
        return verdict(
          ok,
          `${FILE} while the module is loaded`,
          ok ? "it is there" : "no such file",
        );
      },
    },
    {
      name: "every line is TGID,PID,current,stack-start,name[,#threads]",
      async run(h) {
        const s = await snapshot(h);
        const ok = !s.error && !s.bad.length && s.lines.length > 0;
        return verdict(
          ok,
          "CSV lines of 5 or 6 fields",
          s.error ?? (s.bad.length ? first(s.bad) : `${s.lines.length} lines`),
        );
      },
    },
    {
      name: "every thread alive is listed exactly once",
      async run(h) {
        const s = await snapshot(h);
        const seen = new Map<number, number>();
        for (const l of s.lines) if (l.pid !== 0) seen.set(l.pid, (seen.get(l.pid) ?? 0) + 1);
        const missing = [...s.tasks.values()]
          .filter(({ t }) => !seen.has(t.pid))
          .map(({ t }) => `${t.pid} (${t.comm})`);
        const dup = [...seen].filter(([, n]) => n > 1).map(([p]) => String(p));
        const extra = [...seen.keys()].filter((p) => !s.tasks.has(p)).map(String);
        const ok = !s.error && !missing.length && !dup.length && !extra.length;
        return verdict(
          ok,
          `${s.tasks.size} threads (${h.k.run(() => [...for_each_process_thread()].filter(([, t]) => t.kthread).length)} kernel threads, mtapp's ${MT_THREADS} threads ...)`,
          s.error ??
            ([
              missing.length ? `missing: ${first(missing)}` : "",
              dup.length ? `listed twice: ${first(dup)}` : "",
              extra.length ? `not threads alive: ${first(extra)}` : "",
            ]
              .filter(Boolean)
              .join("; ") ||
              "all of them, once"),
        );
      },
    },
    {
      name: "TGID is the thread's process id",
      async run(h) {
        const s = await snapshot(h);
        const wrong = s.lines
          .filter((l) => s.tasks.has(l.pid) && s.tasks.get(l.pid)!.t.tgid !== l.tgid)
          .map((l) => `${l.raw} (TGID should be ${s.tasks.get(l.pid)!.t.tgid})`);
        const mt = mtapp(h);
        return verdict(
          !s.error && !wrong.length,
          `e.g. mtapp's threads all show TGID ${mt.pid}`,
          s.error ?? (wrong.length ? first(wrong) : "right"),
        );
      },
    },
    {
      name: "current and stack-start are the task_struct's and the kernel stack's addresses",
      async run(h) {
        const s = await snapshot(h);
        const wrong: string[] = [];
        for (const l of s.lines) {
          const e = s.tasks.get(l.pid);
          if (!e) continue;
          const ta = task_addr(e.t);
          const sa = task_stack_page(e.t);
          if (l.task !== ta || l.stack !== sa) wrong.push(`${l.raw} (want ${px(ta)},${px(sa)})`);
        }
        return verdict(
          !s.error && !wrong.length && s.lines.length > 0,
          "task_addr(t) and task_stack_page(t) of each thread",
          s.error ?? (wrong.length ? first(wrong, 2) : "right"),
        );
      },
    },
    {
      name: "kernel threads' names are in [brackets], user tasks' not",
      async run(h) {
        const s = await snapshot(h);
        const wrong: string[] = [];
        for (const l of s.lines) {
          const e = s.tasks.get(l.pid);
          if (!e) continue;
          if (l.name !== e.t.comm) wrong.push(`${l.raw} (name should be ${e.t.comm})`);
          else if (l.bracketed !== e.leader.kthread)
            wrong.push(`${l.raw} (${e.leader.kthread ? "a kernel thread" : "a user task"})`);
        }
        return verdict(
          !s.error && !wrong.length && s.lines.length > 0,
          "[kthreadd], [ksoftirqd/0] ...; mtapp, bash ...",
          s.error ?? (wrong.length ? first(wrong) : "right"),
        );
      },
    },
    {
      name: "#threads only on main threads of multithreaded user processes",
      async run(h) {
        const s = await snapshot(h);
        const wrong: string[] = [];
        for (const l of s.lines) {
          const e = s.tasks.get(l.pid);
          if (!e) continue;
          const n = get_nr_threads(e.t);
          const want = !e.leader.kthread && e.t.pid === e.t.tgid && n > 1 ? n : null;
          if (l.nr !== want)
            wrong.push(`${l.raw} (${want === null ? "no #threads" : `#threads ${want}`})`);
        }
        const mt = mtapp(h);
        return verdict(
          !s.error && !wrong.length && s.lines.length > 0,
          `${mt.pid},${mt.pid},...,mtapp,${MT_THREADS} and no #threads elsewhere`,
          s.error ?? (wrong.length ? first(wrong) : "right"),
        );
      },
    },
    {
      name: "reading 64 bytes at a time gives the same lines",
      async run(h) {
        const s = await snapshot(h, 64);
        const pids = new Set(s.lines.map((l) => l.pid));
        const missing = [...s.tasks.keys()].filter((p) => !pids.has(p));
        const ok = !s.error && !s.bad.length && s.lines.length > 0 && !missing.length;
        return verdict(
          ok,
          `${s.tasks.size} well-formed lines, as with one big read`,
          s.error ??
            (s.bad.length
              ? `broken lines: ${first(s.bad)}`
              : missing.length
                ? `${s.lines.length} lines, missing pids ${first(missing.map(String))}`
                : `${s.lines.length} lines`),
        );
      },
    },
  ],
};
