import { describe, expect, it } from "vitest";
import {
  _NSIG,
  bashSignalMessage,
  LIBC_SIGRTMIN,
  SIG,
  SIGABRT,
  SIGCHLD,
  SIGCLD,
  SIGHUP,
  SIGINT,
  SIGIO,
  SIGIOT,
  SIGKILL,
  SIGNAL_TABLE,
  SIGPIPE,
  SIGPOLL,
  SIGRTMAX,
  SIGRTMIN,
  SIGSEGV,
  SIGSTOP,
  SIGSYS,
  SIGTERM,
  sigDefaultAction,
  signalFromName,
  signalName,
  strsignal,
} from "../../src/include/uapi/signal.ts";

// [signal, strsignal(signal)] recorded from glibc 2.36 (Debian 12, libc6 2.36-9+deb12u14)
// with a C program compiled by gcc 12.2 on this machine.
const RECORDED_STRSIGNAL: readonly (readonly [number, string])[] = [
  [0, "Unknown signal 0"],
  [1, "Hangup"],
  [2, "Interrupt"],
  [3, "Quit"],
  [4, "Illegal instruction"],
  [5, "Trace/breakpoint trap"],
  [6, "Aborted"],
  [7, "Bus error"],
  [8, "Floating point exception"],
  [9, "Killed"],
  [10, "User defined signal 1"],
  [11, "Segmentation fault"],
  [12, "User defined signal 2"],
  [13, "Broken pipe"],
  [14, "Alarm clock"],
  [15, "Terminated"],
  [16, "Stack fault"],
  [17, "Child exited"],
  [18, "Continued"],
  [19, "Stopped (signal)"],
  [20, "Stopped"],
  [21, "Stopped (tty input)"],
  [22, "Stopped (tty output)"],
  [23, "Urgent I/O condition"],
  [24, "CPU time limit exceeded"],
  [25, "File size limit exceeded"],
  [26, "Virtual timer expired"],
  [27, "Profiling timer expired"],
  [28, "Window changed"],
  [29, "I/O possible"],
  [30, "Power failure"],
  [31, "Bad system call"],
  [32, "Unknown signal 32"],
  [33, "Unknown signal 33"],
  [34, "Real-time signal 0"],
  [35, "Real-time signal 1"],
  [49, "Real-time signal 15"],
  [50, "Real-time signal 16"],
  [64, "Real-time signal 30"],
  [65, "Unknown signal 65"],
  [66, "Unknown signal 66"],
];

// sigabbrev_np(1..31) from the same program, with "POLL" for 29 (the kernel's SIGIO).
const RECORDED_ABBREV =
  "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP " +
  "TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS";

describe("signal table", () => {
  it("has signals 1..31 in order with glibc's abbreviations", () => {
    expect(SIGNAL_TABLE.map(([, n]) => n)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const abbrevs = SIGNAL_TABLE.map(([name]) => (name === "SIGIO" ? "POLL" : name.slice(3)));
    expect(abbrevs.join(" ")).toBe(RECORDED_ABBREV);
  });

  it.each(RECORDED_STRSIGNAL)("strsignal(%i) is %j", (n, text) => {
    expect(strsignal(n)).toBe(text);
  });

  it("exports individual constants and aliases", () => {
    expect([SIGHUP, SIGINT, SIGKILL, SIGSEGV, SIGPIPE, SIGTERM, SIGCHLD, SIGSTOP, SIGSYS]).toEqual([
      1, 2, 9, 11, 13, 15, 17, 19, 31,
    ]);
    expect(SIGIOT).toBe(SIGABRT);
    expect(SIGPOLL).toBe(SIGIO);
    expect(SIGCLD).toBe(SIGCHLD);
    expect(SIG.SIGKILL).toBe(9);
    expect(Object.isFrozen(SIG)).toBe(true);
  });

  it("has the kernel's limits", () => {
    expect(_NSIG).toBe(64);
    expect(SIGRTMIN).toBe(32);
    expect(SIGRTMAX).toBe(64);
    expect(LIBC_SIGRTMIN).toBe(34);
  });
});

describe("signalName / signalFromName", () => {
  it("round-trips 1..31", () => {
    for (const [name, n] of SIGNAL_TABLE) {
      expect(signalName(n)).toBe(name);
      expect(signalFromName(name)).toBe(n);
      expect(signalFromName(name.slice(3))).toBe(n);
      expect(signalFromName(name.toLowerCase())).toBe(n);
      expect(signalFromName(String(n))).toBe(n);
    }
  });

  it("accepts the forms kill does", () => {
    expect(signalFromName("KILL")).toBe(9);
    expect(signalFromName("SIGKILL")).toBe(9);
    expect(signalFromName("9")).toBe(9);
    expect(signalFromName("sigterm")).toBe(15);
    expect(signalFromName("IOT")).toBe(6);
    expect(signalFromName("POLL")).toBe(29);
    expect(signalFromName("CLD")).toBe(17);
    expect(signalFromName("64")).toBe(64);
  });

  it("names real-time signals like bash's kill -l", () => {
    // recorded: bash -c 'kill -l N' for N = 32 33 34 35 49 50 51 63 64
    expect(signalName(32)).toBeUndefined();
    expect(signalName(33)).toBeUndefined();
    expect(signalName(34)).toBe("SIGRTMIN");
    expect(signalName(35)).toBe("SIGRTMIN+1");
    expect(signalName(49)).toBe("SIGRTMIN+15");
    expect(signalName(50)).toBe("SIGRTMAX-14");
    expect(signalName(51)).toBe("SIGRTMAX-13");
    expect(signalName(63)).toBe("SIGRTMAX-1");
    expect(signalName(64)).toBe("SIGRTMAX");
    for (let n = 34; n <= 64; n++) expect(signalFromName(signalName(n)!)).toBe(n);
    // recorded: bash -c 'kill -l rtmin+2' prints 36
    expect(signalFromName("rtmin+2")).toBe(36);
    expect(signalFromName("RTMAX")).toBe(64);
  });

  it("rejects unknown names and numbers", () => {
    for (const s of ["", "0", "65", "-9", "SIG", "SIG0", "FOO", "SIGKILLX", "RTMIN-1", "RTMAX+1"]) {
      expect(signalFromName(s)).toBeUndefined();
    }
    expect(signalFromName("RTMIN+31")).toBeUndefined();
    expect(signalFromName("toString")).toBeUndefined();
    for (const n of [0, -1, 65, 1.5]) expect(signalName(n)).toBeUndefined();
  });
});

describe("default actions", () => {
  it("match signal(7)", () => {
    expect(sigDefaultAction(SIGKILL)).toBe("Term");
    expect(sigDefaultAction(SIGSEGV)).toBe("Core");
    expect(sigDefaultAction(SIGCHLD)).toBe("Ign");
    expect(sigDefaultAction(SIGSTOP)).toBe("Stop");
    expect(sigDefaultAction(SIG.SIGCONT)).toBe("Cont");
    expect(sigDefaultAction(40)).toBe("Term");
    expect(sigDefaultAction(0)).toBeUndefined();
    const core = SIGNAL_TABLE.filter(([, , , a]) => a === "Core").map(([name]) => name);
    expect(core).toEqual([
      "SIGQUIT",
      "SIGILL",
      "SIGTRAP",
      "SIGABRT",
      "SIGBUS",
      "SIGFPE",
      "SIGSEGV",
      "SIGXCPU",
      "SIGXFSZ",
      "SIGSYS",
    ]);
  });
});

describe("bashSignalMessage", () => {
  // Recorded from bash 5.2.15 (Debian 12) on this machine with
  //   bash -c "sh -c 'kill -N \$\$'; echo rc=\$?"
  // (stderr; pids as they happened).
  const nonInteractive: readonly (readonly [number, number, string])[] = [
    [1, 4131, "bash: line 1:  4131 Hangup                  sh -c 'kill -1 $$'\n"],
    [3, 4139, "bash: line 1:  4139 Quit                    sh -c 'kill -3 $$'\n"],
    [6, 4151, "bash: line 1:  4151 Aborted                 sh -c 'kill -6 $$'\n"],
    [8, 4159, "bash: line 1:  4159 Floating point exceptionsh -c 'kill -8 $$'\n"],
    [9, 4163, "bash: line 1:  4163 Killed                  sh -c 'kill -9 $$'\n"],
    [11, 4171, "bash: line 1:  4171 Segmentation fault      sh -c 'kill -11 $$'\n"],
    [14, 4183, "bash: line 1:  4183 Alarm clock             sh -c 'kill -14 $$'\n"],
    [24, 4207, "bash: line 1:  4207 CPU time limit exceeded sh -c 'kill -24 $$'\n"],
    [25, 4211, "bash: line 1:  4211 File size limit exceededsh -c 'kill -25 $$'\n"],
    [31, 4235, "bash: line 1:  4235 Bad system call         sh -c 'kill -31 $$'\n"],
  ];

  it.each(nonInteractive)("non-interactive, signal %i", (sig, pid, expected) => {
    const command = `sh -c 'kill -${sig} $$'`;
    expect(
      bashSignalMessage(sig, { interactive: false, shellName: "bash", line: 1, pid, command }),
    ).toBe(expected);
  });

  it("non-interactive special cases", () => {
    const job = { interactive: false, shellName: "bash", line: 1, pid: 4191, command: "x" };
    expect(bashSignalMessage(SIGINT, job)).toBe("");
    expect(bashSignalMessage(SIGPIPE, job)).toBe("");
    expect(bashSignalMessage(SIGTERM, job)).toBe("Terminated\n");
    // recorded with ulimit -c unlimited
    expect(
      bashSignalMessage(SIGSEGV, {
        interactive: false,
        shellName: "bash",
        line: 1,
        pid: 4270,
        command: "sh -c 'kill -11 $$'",
        coreDumped: true,
      }),
    ).toBe("bash: line 1:  4270 Segmentation fault      (core dumped) sh -c 'kill -11 $$'\n");
    expect(bashSignalMessage(SIGKILL, { ...job, line: 0 })).toMatch(/^bash: line 1: /);
  });

  it("interactive", () => {
    // recorded: bash --norc -i under script(1), commands sh -c "kill -N \$\$"
    expect(bashSignalMessage(SIGKILL, { interactive: true })).toBe("Killed\n");
    expect(bashSignalMessage(SIGTERM, { interactive: true })).toBe("Terminated\n");
    expect(bashSignalMessage(SIGPIPE, { interactive: true })).toBe("");
    expect(bashSignalMessage(SIGINT, { interactive: true })).toBe("\n");
    expect(bashSignalMessage(SIGSEGV, { interactive: true })).toBe("Segmentation fault\n");
    expect(bashSignalMessage(SIGSEGV, { interactive: true, coreDumped: true })).toBe(
      "Segmentation fault (core dumped)\n",
    );
  });
});
