import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDmesgLine,
  formatLsLong,
  type LsLongEntry,
  lsDate,
  modeString,
} from "../../src/user/lib/format.ts";

// Recorded on this machine with GNU ls (`ls (GNU coreutils) 9.1`) as root, in three
// directories of files made with touch -d, chmod, chown, mknod, mkfifo, ln -s and a Python
// unix socket:
//   LC_ALL=C TZ=UTC ls -l
//   for f in $(LC_ALL=C ls); do stat -c '%f|%h|%U|%G|%u|%g|%s|%t|%T|%b|%Y|%n' "$f"; done
// (with "LINK <readlink>" after each symlink). The clock read 1795804588 (Fri Nov 27
// 18:36:28 UTC 2026) when ls ran; the "recent" files are 10 and 30 days old, the others
// years away, so the exact second does not matter.
const NOW = 1795804588;
const RECORDED: Record<string, { ls: string[]; stat: string[] }> = {
  mixed: {
    ls: [
      "total 140",
      "-rw-r--r--  1 root   root    123456 Nov 17 18:36 big",
      "brw-rw----  1 root   root      8, 1 Nov 17 18:36 blk",
      "drwxr-xr-x 12 root   root      4096 Nov 17 18:36 dirs",
      "-rw-------  1 root   root         0 Jan  5  2020 empty",
      "-rwxr-xr-x  1 root   root        10 Nov 17 18:36 exec",
      "prw-r--r--  1 root   root         0 Nov 17 18:36 fifo",
      "-rw-r--r--  1 root   root         0 Jan  1  2030 future",
      "lrwxrwxrwx  1 root   root         3 Oct 28 18:36 link -> big",
      "-rw-r--r--  1 root   root         0 Jul 20  1969 moon",
      "-rw-r--r--  1 nobody nogroup      0 Nov 17 18:36 nobodys",
      "----------  1 root   root         0 Nov 17 18:36 noperm",
      "-rw-r--r--  1   4321    4321      0 Nov 17 18:36 numeric",
      "-rwsrwsrwt  1 root   root         0 Nov 17 18:36 setall",
      "-rwxr-sr-x  1 root   root         0 Nov 17 18:36 sgid",
      "-rw-r-Sr--  1 root   root         0 Nov 17 18:36 sgid-noexec",
      "srwxr-xr-x  1 root   root         0 Nov 17 18:36 sock",
      "drwxrwxrwt  2 root   root      4096 Nov 17 18:36 sticky",
      "drwxrwxrwT  2 root   root      4096 Nov 17 18:36 sticky-noexec",
      "-rwsr-xr-x  1 root   root         0 Nov 17 18:36 suid",
      "-rwSr--r--  1 root   root         0 Nov 17 18:36 suid-noexec",
      "crw-r--r--  1 root   root    240, 0 Nov 17 18:36 tty",
    ],
    stat: [
      "81a4|1|root|root|0|0|123456|0|0|248|1794940585|big",
      "61b0|1|root|root|0|0|0|8|1|0|1794940585|blk",
      "41ed|12|root|root|0|0|4096|0|0|8|1794940585|dirs",
      "8180|1|root|root|0|0|0|0|0|0|1578211200|empty",
      "81ed|1|root|root|0|0|10|0|0|8|1794940585|exec",
      "11a4|1|root|root|0|0|0|0|0|0|1794940585|fifo",
      "81a4|1|root|root|0|0|0|0|0|0|1893499200|future",
      "a1ff|1|root|root|0|0|3|0|0|0|1793212585|link",
      "LINK big",
      "81a4|1|root|root|0|0|0|0|0|0|-14182940|moon",
      "81a4|1|nobody|nogroup|65534|65534|0|0|0|0|1794940585|nobodys",
      "8000|1|root|root|0|0|0|0|0|0|1794940585|noperm",
      "81a4|1|UNKNOWN|UNKNOWN|4321|4321|0|0|0|0|1794940585|numeric",
      "8fff|1|root|root|0|0|0|0|0|0|1794940585|setall",
      "85ed|1|root|root|0|0|0|0|0|0|1794940585|sgid",
      "85a4|1|root|root|0|0|0|0|0|0|1794940585|sgid-noexec",
      "c1ed|1|root|root|0|0|0|0|0|0|1794940585|sock",
      "43ff|2|root|root|0|0|4096|0|0|8|1794940585|sticky",
      "43fe|2|root|root|0|0|4096|0|0|8|1794940585|sticky-noexec",
      "89ed|1|root|root|0|0|0|0|0|0|1794940585|suid",
      "89a4|1|root|root|0|0|0|0|0|0|1794940585|suid-noexec",
      "21a4|1|root|root|0|0|0|f0|0|0|1794940585|tty",
    ],
  },
  dev: {
    ls: [
      "total 1208",
      "-rw-r--r-- 1 root root     1234567 Mar  4  2025 bigfile",
      "crw-rw-rw- 1 root root    1,     3 Mar  4  2025 null",
      "brw-r--r-- 1 root root  259,     0 Mar  4  2025 nvme0n1",
      "crw-r--r-- 1 root root   10,   238 Mar  4  2025 vhost-net",
      "crw-r--r-- 1 root root 1234, 56789 Mar  4  2025 wide",
    ],
    stat: [
      "81a4|1|root|root|0|0|1234567|0|0|2416|1741064767|bigfile",
      "21b6|1|root|root|0|0|0|1|3|0|1741064767|null",
      "61a4|1|root|root|0|0|0|103|0|0|1741064767|nvme0n1",
      "21a4|1|root|root|0|0|0|a|ee|0|1741064767|vhost-net",
      "21a4|1|root|root|0|0|0|4d2|ddd5|0|1741064767|wide",
    ],
  },
  sysfs: {
    ls: [
      "total 16",
      "-rw-r--r-- 1 root root 4096 Nov 27  2025 driver_override",
      "-r--r--r-- 1 root root 4096 Nov 27  2025 llkdsysfs_pgoff",
      "-r--r--r-- 1 root root 4096 Nov 27  2025 modalias",
      "-rwxr-xr-x 1 root root    0 Nov 27  2025 power",
      "lrwxrwxrwx 1 root root   21 Nov 27  2025 subsystem -> ../../../bus/platform",
      "-rw-r--r-- 1 root root 4096 Nov 27  2025 uevent",
    ],
    stat: [
      "81a4|1|root|root|0|0|4096|0|0|8|1764267600|driver_override",
      "8124|1|root|root|0|0|4096|0|0|8|1764267600|llkdsysfs_pgoff",
      "8124|1|root|root|0|0|4096|0|0|8|1764267600|modalias",
      "81ed|1|root|root|0|0|0|0|0|0|1764267600|power",
      "a1ff|1|root|root|0|0|21|0|0|0|1764267600|subsystem",
      "LINK ../../../bus/platform",
      "81a4|1|root|root|0|0|4096|0|0|8|1764267600|uevent",
    ],
  },
};

/** The stat lines of a recording as formatLsLong entries. */
function entries(stat: string[]): LsLongEntry[] {
  const out: LsLongEntry[] = [];
  for (const line of stat) {
    if (line.startsWith("LINK ")) {
      out[out.length - 1]!.linkTarget = line.slice(5);
      continue;
    }
    const [mode, nlink, user, group, uid, gid, size, major, minor, blocks, mtime, name] =
      line.split("|");
    out.push({
      mode: Number.parseInt(mode!, 16),
      nlink: Number(nlink),
      owner: user === "UNKNOWN" ? Number(uid) : user!,
      group: group === "UNKNOWN" ? Number(gid) : group!,
      size: Number(size),
      major: Number.parseInt(major!, 16),
      minor: Number.parseInt(minor!, 16),
      blocks: Number(blocks),
      mtime: Number(mtime),
      name: name!,
    });
  }
  return out;
}

describe("formatLsLong matches GNU ls 9.1", () => {
  it.each(Object.keys(RECORDED))("%s", (name) => {
    const { ls, stat } = RECORDED[name]!;
    expect(formatLsLong(entries(stat), { now: NOW, total: true })).toEqual(ls);
  });

  it("lines up the acceptance transcripts' listings", () => {
    const sysfs = formatLsLong(
      [
        {
          mode: 0o100644,
          nlink: 1,
          owner: "root",
          group: "root",
          size: 4096,
          mtime: 0,
          name: "uevent",
        },
        {
          mode: 0o040755,
          nlink: 2,
          owner: "root",
          group: "root",
          size: 0,
          mtime: 0,
          name: "power",
        },
        {
          mode: 0o120777,
          nlink: 1,
          owner: "root",
          group: "root",
          size: 0,
          mtime: 0,
          name: "subsystem",
          linkTarget: "../../../bus/platform",
        },
      ],
      { now: 60 },
    );
    expect(sysfs).toEqual([
      "-rw-r--r-- 1 root root 4096 Jan  1 00:00 uevent",
      "drwxr-xr-x 2 root root    0 Jan  1 00:00 power",
      "lrwxrwxrwx 1 root root    0 Jan  1 00:00 subsystem -> ../../../bus/platform",
    ]);
    expect(
      formatLsLong(
        [
          {
            mode: 0o020644,
            nlink: 1,
            owner: "root",
            group: "root",
            major: 240,
            minor: 0,
            mtime: 0,
            name: "/dev/ioctl_llkd_kdrv",
          },
        ],
        { now: 60 },
      ),
    ).toEqual(["crw-r--r-- 1 root root 240, 0 Jan  1 00:00 /dev/ioctl_llkd_kdrv"]);
  });

  it("hides owner or group like -g and -o, and prints total only when asked", () => {
    const e: LsLongEntry = {
      mode: 0o100600,
      nlink: 1,
      owner: "llkd",
      group: "llkd",
      size: 5,
      blocks: 1,
      mtime: 0,
      name: "f",
    };
    expect(formatLsLong([e], { now: 60, owner: false })).toEqual([
      "-rw------- 1 llkd 5 Jan  1 00:00 f",
    ]);
    expect(formatLsLong([e], { now: 60, group: false, total: true })).toEqual([
      "total 1",
      "-rw------- 1 llkd 5 Jan  1 00:00 f",
    ]);
    expect(formatLsLong([], { now: 60, total: true })).toEqual(["total 0"]);
  });
});

describe("modeString", () => {
  it.each([
    [0o040755, "drwxr-xr-x"],
    [0o020644, "crw-r--r--"],
    [0o060660, "brw-rw----"],
    [0o120777, "lrwxrwxrwx"],
    [0o010644, "prw-r--r--"],
    [0o140755, "srwxr-xr-x"],
    [0o104755, "-rwsr-xr-x"],
    [0o104644, "-rwSr--r--"],
    [0o102755, "-rwxr-sr-x"],
    [0o102644, "-rw-r-Sr--"],
    [0o041777, "drwxrwxrwt"],
    [0o041776, "drwxrwxrwT"],
    [0o107777, "-rwsrwsrwt"],
    [0o107000, "---S--S--T"],
    [0o100000, "----------"],
    [0o000644, "?rw-r--r--"],
  ])("%o -> %s", (mode, s) => {
    expect(modeString(mode)).toBe(s);
  });
});

describe("lsDate", () => {
  const HALF_YEAR = 15778476;
  it("prints recent times with the clock, others with the year", () => {
    const now = Date.UTC(2025, 10, 27, 18, 20, 30) / 1000;
    expect(lsDate(now - 30, now)).toBe("Nov 27 18:20");
    expect(lsDate(Date.UTC(2025, 5, 3, 7, 5) / 1000, now)).toBe("Jun  3 07:05");
    expect(lsDate(Date.UTC(2024, 10, 27) / 1000, now)).toBe("Nov 27  2024");
    expect(lsDate(now + 60, now)).toBe("Nov 27  2025");
    expect(lsDate(Date.UTC(1969, 6, 20, 20, 17) / 1000, now)).toBe("Jul 20  1969");
  });

  it("draws the line where ls.c does: strictly inside (now - 31556952/2, now)", () => {
    const now = 1_800_000_000;
    expect(lsDate(now - HALF_YEAR, now)).toMatch(/ {2}\d{4}$/);
    expect(lsDate(now - HALF_YEAR + 1, now)).toMatch(/\d\d:\d\d$/);
    expect(lsDate(now - 1, now)).toMatch(/\d\d:\d\d$/);
    // Same second: old, unless the clock's fraction puts now after the file.
    expect(lsDate(now, now)).toMatch(/ {2}\d{4}$/);
    expect(lsDate(now, now + 0.25)).toMatch(/\d\d:\d\d$/);
  });

  it("is always 12 columns wide for 4-digit years", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2208988800, max: 253402300799 }),
        fc.integer({ min: 0, max: 4102444800 }),
        (t, now) => {
          expect(lsDate(t, now)).toHaveLength(12);
        },
      ),
    );
  });
});

describe("formatDmesgLine matches util-linux dmesg 2.38.1", () => {
  // Recorded with `dmesg -F kbuf.txt | cat -A` from this machine's util-linux 2.38.1, on a
  // syslog-format buffer holding these records (a record runs until "\n<"):
  //   <6>[    5.004000] netlink_simple_intf: received from PID 153:\n"sample user data"
  //   <4>[ 1234.000001] single line
  //   <6>[123456.500000] two\nthree\n\nfive
  //   <6>[    0.000000] ctl\001char\tand tab
  //   <6>[    7.000000] caf\303\251          (LANG=C.UTF-8, then LC_ALL=C)
  //   <6>[    2.000000]                     (an empty message)
  it.each([
    [
      5,
      4000,
      'netlink_simple_intf: received from PID 153:\n"sample user data"',
      '[    5.004000] netlink_simple_intf: received from PID 153:\n               "sample user data"\n',
    ],
    [1234, 1, "single line", "[ 1234.000001] single line\n"],
    [
      123456,
      500000,
      "two\nthree\n\nfive",
      "[123456.500000] two\n                three\n                \n                five\n",
    ],
    [0, 0, "ctl\x01char\tand tab", "[    0.000000] ctl\\x01char\tand tab\n"],
    [7, 0, "caf\u00e9", "[    7.000000] caf\u00e9\n"],
    [2, 0, "", "\n"],
  ])("[%i.%i] %j", (sec, usec, text, out) => {
    expect(formatDmesgLine(sec, usec, text)).toBe(out);
  });

  it("escapes non-ASCII bytes in the C locale", () => {
    expect(formatDmesgLine(7, 0, "caf\u00e9", { utf8: false })).toBe(
      "[    7.000000] caf\\xc3\\xa9\n",
    );
    expect(formatDmesgLine(7, 0, "\u0085")).toBe("[    7.000000] \\xc2\\x85\n");
  });

  it("does not indent after a final newline", () => {
    expect(formatDmesgLine(1, 0, "a\n")).toBe("[    1.000000] a\n\n");
  });
});
