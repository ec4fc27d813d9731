/**
 * Linux x86_64 signal numbers (arch/x86/include/uapi/asm/signal.h) with the C library's
 * description of each and its default action.
 *
 * Texts were recorded from glibc 2.36 (Debian 12, libc6 2.36-9+deb12u14) on this machine with
 * a C program printing sigabbrev_np(n), sigdescr_np(n) and strsignal(n) for n = 0..66;
 * python3's signal.strsignal gave the same bytes for 1..31. glibc's own abbreviation for 29 is
 * "POLL"; the kernel, bash (`kill -l`) and strace call it SIGIO, so SIGIO is the canonical name
 * here and SIGPOLL an alias.
 *
 * Default actions are those of signal(7), which match the kernel's SIG_KERNEL_COREDUMP_MASK,
 * SIG_KERNEL_IGNORE_MASK and SIG_KERNEL_STOP_MASK (include/linux/signal.h).
 */

/** What the kernel does when a signal with SIG_DFL disposition is delivered (signal(7)). */
export type SignalDefaultAction = "Term" | "Core" | "Ign" | "Stop" | "Cont";

/** [name, number, glibc strsignal text, default action] for signals 1..31. */
export const SIGNAL_TABLE = [
  ["SIGHUP", 1, "Hangup", "Term"],
  ["SIGINT", 2, "Interrupt", "Term"],
  ["SIGQUIT", 3, "Quit", "Core"],
  ["SIGILL", 4, "Illegal instruction", "Core"],
  ["SIGTRAP", 5, "Trace/breakpoint trap", "Core"],
  ["SIGABRT", 6, "Aborted", "Core"],
  ["SIGBUS", 7, "Bus error", "Core"],
  ["SIGFPE", 8, "Floating point exception", "Core"],
  ["SIGKILL", 9, "Killed", "Term"],
  ["SIGUSR1", 10, "User defined signal 1", "Term"],
  ["SIGSEGV", 11, "Segmentation fault", "Core"],
  ["SIGUSR2", 12, "User defined signal 2", "Term"],
  ["SIGPIPE", 13, "Broken pipe", "Term"],
  ["SIGALRM", 14, "Alarm clock", "Term"],
  ["SIGTERM", 15, "Terminated", "Term"],
  ["SIGSTKFLT", 16, "Stack fault", "Term"],
  ["SIGCHLD", 17, "Child exited", "Ign"],
  ["SIGCONT", 18, "Continued", "Cont"],
  ["SIGSTOP", 19, "Stopped (signal)", "Stop"],
  ["SIGTSTP", 20, "Stopped", "Stop"],
  ["SIGTTIN", 21, "Stopped (tty input)", "Stop"],
  ["SIGTTOU", 22, "Stopped (tty output)", "Stop"],
  ["SIGURG", 23, "Urgent I/O condition", "Ign"],
  ["SIGXCPU", 24, "CPU time limit exceeded", "Core"],
  ["SIGXFSZ", 25, "File size limit exceeded", "Core"],
  ["SIGVTALRM", 26, "Virtual timer expired", "Term"],
  ["SIGPROF", 27, "Profiling timer expired", "Term"],
  ["SIGWINCH", 28, "Window changed", "Ign"],
  ["SIGIO", 29, "I/O possible", "Term"],
  ["SIGPWR", 30, "Power failure", "Term"],
  ["SIGSYS", 31, "Bad system call", "Core"],
] as const;

/** [alias, canonical name] (kernel and glibc headers). */
export const SIGNAL_ALIASES = [
  ["SIGIOT", "SIGABRT"],
  ["SIGPOLL", "SIGIO"],
  ["SIGCLD", "SIGCHLD"],
] as const;

type SignalEntry = (typeof SIGNAL_TABLE)[number];
type SignalCanonicalMap = { readonly [T in SignalEntry as T[0]]: T[1] };
/** Every signal name (canonical and alias) mapped to its number. */
export type SignalMap = SignalCanonicalMap & {
  readonly [A in (typeof SIGNAL_ALIASES)[number] as A[0]]: SignalCanonicalMap[A[1]];
};

function buildMap(): SignalMap {
  const map: Record<string, number> = {};
  for (const [name, n] of SIGNAL_TABLE) map[name] = n;
  for (const [alias, target] of SIGNAL_ALIASES) map[alias] = map[target]!;
  return Object.freeze(map) as SignalMap;
}

/** name -> number: `SIG.SIGKILL === 9`, `SIG.SIGPOLL === 29`. */
export const SIG: SignalMap = buildMap();

export const SIGHUP = SIG.SIGHUP;
export const SIGINT = SIG.SIGINT;
export const SIGQUIT = SIG.SIGQUIT;
export const SIGILL = SIG.SIGILL;
export const SIGTRAP = SIG.SIGTRAP;
export const SIGABRT = SIG.SIGABRT;
export const SIGIOT = SIG.SIGIOT;
export const SIGBUS = SIG.SIGBUS;
export const SIGFPE = SIG.SIGFPE;
export const SIGKILL = SIG.SIGKILL;
export const SIGUSR1 = SIG.SIGUSR1;
export const SIGSEGV = SIG.SIGSEGV;
export const SIGUSR2 = SIG.SIGUSR2;
export const SIGPIPE = SIG.SIGPIPE;
export const SIGALRM = SIG.SIGALRM;
export const SIGTERM = SIG.SIGTERM;
export const SIGSTKFLT = SIG.SIGSTKFLT;
export const SIGCHLD = SIG.SIGCHLD;
export const SIGCLD = SIG.SIGCLD;
export const SIGCONT = SIG.SIGCONT;
export const SIGSTOP = SIG.SIGSTOP;
export const SIGTSTP = SIG.SIGTSTP;
export const SIGTTIN = SIG.SIGTTIN;
export const SIGTTOU = SIG.SIGTTOU;
export const SIGURG = SIG.SIGURG;
export const SIGXCPU = SIG.SIGXCPU;
export const SIGXFSZ = SIG.SIGXFSZ;
export const SIGVTALRM = SIG.SIGVTALRM;
export const SIGPROF = SIG.SIGPROF;
export const SIGWINCH = SIG.SIGWINCH;
export const SIGIO = SIG.SIGIO;
export const SIGPOLL = SIG.SIGPOLL;
export const SIGPWR = SIG.SIGPWR;
export const SIGSYS = SIG.SIGSYS;

/** Kernel: number of signals (_NSIG); valid signals are 1.._NSIG. glibc's NSIG is 65. */
export const _NSIG = 64;
/** Kernel's first real-time signal. glibc reserves 32 and 33 for itself. */
export const SIGRTMIN = 32;
/** Kernel's last real-time signal (_NSIG). */
export const SIGRTMAX = 64;
/** SIGRTMIN as user space sees it through glibc 2.36 (and as bash's `kill -l` numbers it). */
export const LIBC_SIGRTMIN = 34;

const byNumber = new Map<number, SignalEntry>();
for (const entry of SIGNAL_TABLE) byNumber.set(entry[1], entry);

/**
 * Name of signal `n`: "SIGKILL" for 9 (SIGIO for 29, SIGABRT for 6, SIGCHLD for 17); for the
 * real-time signals 34..64 the names bash's `kill -l` prints ("SIGRTMIN", "SIGRTMIN+1" ..
 * "SIGRTMIN+15", "SIGRTMAX-14" .. "SIGRTMAX"); undefined otherwise (0, 32, 33, > 64).
 */
export function signalName(n: number): string | undefined {
  const entry = byNumber.get(n);
  if (entry) return entry[0];
  if (!Number.isInteger(n) || n < LIBC_SIGRTMIN || n > SIGRTMAX) return undefined;
  if (n === LIBC_SIGRTMIN) return "SIGRTMIN";
  if (n === SIGRTMAX) return "SIGRTMAX";
  const fromMin = n - LIBC_SIGRTMIN;
  const toMax = SIGRTMAX - n;
  return fromMin <= toMax ? `SIGRTMIN+${fromMin}` : `SIGRTMAX-${toMax}`;
}

/**
 * glibc's strsignal(3): the recorded text for 1..31, "Real-time signal N" for 34..64 (N counted
 * from glibc's SIGRTMIN, 34), "Unknown signal N" otherwise (0, 32, 33, negative, > 64).
 */
export function strsignal(n: number): string {
  const entry = byNumber.get(n);
  if (entry) return entry[2];
  if (Number.isInteger(n) && n >= LIBC_SIGRTMIN && n <= SIGRTMAX) {
    return `Real-time signal ${n - LIBC_SIGRTMIN}`;
  }
  return `Unknown signal ${n}`;
}

/** The default action of signal `n` (real-time signals terminate); undefined if invalid. */
export function sigDefaultAction(n: number): SignalDefaultAction | undefined {
  const entry = byNumber.get(n);
  if (entry) return entry[3];
  return Number.isInteger(n) && n >= SIGRTMIN && n <= SIGRTMAX ? "Term" : undefined;
}

/**
 * Signal number from a name or number as `kill -s`/`kill -NAME` accept it: "KILL", "SIGKILL",
 * "kill", "9", aliases ("IOT", "POLL", "CLD"), and "RTMIN", "RTMIN+3", "RTMAX-2", "RTMAX"
 * (counted from glibc's SIGRTMIN, 34, as bash does). Numeric strings must be 1..64.
 * Returns undefined for anything else. Signal 0 (`kill -0`) is not a signal name: "0" and
 * "SIG0" give undefined.
 */
export function signalFromName(spec: string): number | undefined {
  if (/^[0-9]+$/.test(spec)) {
    const n = Number.parseInt(spec, 10);
    return n >= 1 && n <= _NSIG ? n : undefined;
  }
  let name = spec.toUpperCase();
  if (!name.startsWith("SIG")) name = `SIG${name}`;
  if (Object.hasOwn(SIG, name)) return (SIG as Readonly<Record<string, number>>)[name];
  const rt = /^SIGRT(MIN|MAX)(?:([+-])([0-9]+))?$/.exec(name);
  if (!rt) return undefined;
  const base = rt[1] === "MIN" ? LIBC_SIGRTMIN : SIGRTMAX;
  const sign = rt[2];
  const offset = rt[3] === undefined ? 0 : Number.parseInt(rt[3], 10);
  if ((rt[1] === "MIN" && sign === "-") || (rt[1] === "MAX" && sign === "+")) return undefined;
  const n = sign === "-" ? base - offset : base + offset;
  return n >= LIBC_SIGRTMIN && n <= SIGRTMAX ? n : undefined;
}

/**
 * Context for {@link bashSignalMessage}: how bash 5.2 reports a foreground job that a signal
 * killed.
 */
export interface BashKilledJob {
  /** An interactive shell (a terminal session, `bash -i`) rather than `bash -c` or a script. */
  readonly interactive: boolean;
  /** The process dumped core (WCOREDUMP). */
  readonly coreDumped?: boolean;
  /** Non-interactive only: the shell's name for errors: "bash" for `bash -c`, else $0. */
  readonly shellName?: string;
  /** Non-interactive only: the line number of the command (0 prints as 1). */
  readonly line?: number;
  /** Non-interactive only: the pid of the killed process. */
  readonly pid?: number;
  /** Non-interactive only: the command text as bash shows it. */
  readonly command?: string;
}

/** bash's LONGEST_SIGNAL_DESC (jobs.h, bash 5.2): the status column is padded to it. */
const BASH_LONGEST_SIGNAL_DESC = 24;

/**
 * The exact bytes bash 5.2.15 (Debian 12) writes to stderr when a foreground job dies of
 * signal `sig` (jobs.c, notify_of_job_status and print_pipeline; DONT_REPORT_SIGPIPE and
 * DONT_REPORT_SIGTERM are defined in Debian's build). Recorded on this machine with
 * `bash -c "sh -c 'kill -N \$\$'; echo \$?"` for N = 1..31 and, for the interactive form,
 * `bash --norc -i` under script(1):
 *
 * - SIGPIPE: nothing, in both modes.
 * - SIGINT: nothing in a non-interactive shell; a lone "\n" in an interactive one.
 * - interactive, any other signal: strsignal text + (" (core dumped)") + "\n", e.g. "Killed\n".
 * - non-interactive SIGTERM: "Terminated\n".
 * - non-interactive, any other signal: one job line, e.g.
 *   `bash: line 1:  4163 Killed                  sh -c 'kill -9 $$'` + "\n":
 *   "NAME: line N: ", pid right-aligned in 5 columns, a space, the text padded to 24 columns,
 *   "(core dumped) " when it dumped core, then the command.
 *
 * Signals whose default action does not kill (SIGCHLD, SIGCONT, SIGURG, SIGWINCH, stops) do
 * not end the job and get no such message; the caller decides when a job died.
 */
export function bashSignalMessage(sig: number, job: BashKilledJob): string {
  if (sig === SIGPIPE) return "";
  if (sig === SIGINT) return job.interactive ? "\n" : "";
  const text = strsignal(sig);
  if (job.interactive || sig === SIGTERM) {
    return `${text}${job.coreDumped ? " (core dumped)" : ""}\n`;
  }
  const line = job.line === undefined || job.line === 0 ? 1 : job.line;
  const pid = String(job.pid ?? 0).padStart(5, " ");
  // printf("%*s", LONGEST_SIGNAL_DESC - len, ""): a negative width pads on the left instead.
  const padding = " ".repeat(Math.abs(BASH_LONGEST_SIGNAL_DESC - text.length));
  const core = job.coreDumped ? "(core dumped) " : "";
  return `${job.shellName ?? "bash"}: line ${line}: ${pid} ${text}${padding}${core}${job.command ?? ""}\n`;
}
