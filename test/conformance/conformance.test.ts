/**
 * Tests of the conformance suite itself: the registry, how outcomes are judged, and that a
 * deliberately wrong vkern (fixture.ts flips lseek's EINVAL to ESPIPE) is caught — against
 * a correct vkern everywhere, and against the real kernel where there is one.
 */

import { describe, expect, it } from "vitest";
import { boot } from "../../src/vkern.ts";
import { allowlist } from "./allowlist.ts";
import { hostUnavailable } from "./backend_host.ts";
import { vkernSys } from "./backend_vkern.ts";
import type { Check } from "./check.ts";
import { allChecks } from "./checks/index.ts";
import { flipSeekEndErrno } from "./fixture.ts";
import { runConformance } from "./run.ts";
import { type Backend, runSuite } from "./suite.ts";
import { Skip, type Sys } from "./sys.ts";

describe("the registry", () => {
  it("has at least 60 checks with unique ids, spanning the five pathways", () => {
    expect(allChecks.length).toBeGreaterThanOrEqual(60);
    expect(new Set(allChecks.map((c) => c.id)).size).toBe(allChecks.length);
    for (const p of ["procfs", "sysfs", "debugfs", "netlink", "ioctl"]) {
      expect(allChecks.filter((c) => c.pathway === p).length, p).toBeGreaterThanOrEqual(5);
    }
  });

  it("allow-lists only existing checks, each with a reason", () => {
    for (const a of allowlist) {
      expect(
        allChecks.some((c) => c.id === a.check),
        a.check,
      ).toBe(true);
      expect(a.reason.length).toBeGreaterThan(20);
    }
  });
});

/** A backend that only carries a uid: the fake checks below never call into it. */
const fake = (backend: "host" | "vkern", uid = 0) =>
  ({ backend, uid, cleanup: async () => {} }) as unknown as Sys;

const check = (id: string, run: (sys: Sys) => Promise<unknown>, root = false): Check => ({
  id,
  pathway: "procfs",
  what: id,
  root,
  run,
});

describe("judging outcomes", () => {
  const byBackend = (h: unknown, v: unknown) => async (sys: Sys) =>
    sys.backend === "host" ? h : v;
  const cases: [string, Check, Backend, Backend, string][] = [
    [
      "equal values",
      check("a", byBackend(["EINVAL"], ["EINVAL"])),
      fake("host"),
      fake("vkern"),
      "same",
    ],
    [
      "different values",
      check("b", byBackend("EINVAL", "ESPIPE")),
      fake("host"),
      fake("vkern"),
      "different",
    ],
    [
      "allow-listed difference",
      check("c", byBackend(1, 2)),
      fake("host"),
      fake("vkern"),
      "allowed",
    ],
    [
      "a Skip on one side",
      check("d", async (s) => {
        if (s.backend === "host") throw new Skip("host lacks it");
        return 1;
      }),
      fake("host"),
      fake("vkern"),
      "skipped",
    ],
    [
      "an unavailable host",
      check("e", async () => 1),
      { unavailable: "not Linux" },
      fake("vkern"),
      "skipped",
    ],
    [
      "a root check as a user",
      check("f", async () => 1, true),
      fake("host", 1000),
      fake("vkern", 1000),
      "skipped",
    ],
    [
      "an exception",
      check("g", async () => {
        throw new Error("boom");
      }),
      fake("host"),
      fake("vkern"),
      "error",
    ],
  ];
  it.each(cases)("%s", async (_name, c, host, vkern, verdict) => {
    const r = await runSuite([c], host, vkern, [{ check: "c", reason: "differs by design" }]);
    expect(r.rows[0].verdict).toBe(verdict);
    expect(r.passed + r.failed + r.skipped).toBe(1);
  });

  it("reports an allow-list entry whose check came out the same as stale", async () => {
    const r = await runSuite([check("a", async () => 1)], fake("host"), fake("vkern"), [
      { check: "a", reason: "no longer differs" },
    ]);
    expect(r.unusedAllowances.map((a) => a.check)).toEqual(["a"]);
  });
});

describe("the deliberately wrong fixture", () => {
  it("is caught against a correct vkern (runs everywhere)", async () => {
    const k = await boot();
    const good = await vkernSys(k);
    const bad = await vkernSys(k, flipSeekEndErrno);
    const list = allChecks.filter((c) => c.pathway === "procfs" || c.pathway === "sysfs");
    const r = await runSuite(list, good, bad, []);
    const failed = r.rows.filter((x) => x.verdict !== "same").map((x) => x.check.id);
    expect(failed).toEqual(["procfs/seek-end", "sysfs/attr-seek-end"]);
  });

  const why = hostUnavailable();
  it.skipIf(why !== null)(
    `is caught against the real kernel${why ? ` (skipped: ${why})` : ""}`,
    async () => {
      const bad = await runConformance({ fixture: flipSeekEndErrno, filter: "seek" });
      const failed = bad.report.rows.filter((x) => x.verdict === "different");
      expect(failed.map((x) => x.check.id)).toContain("procfs/seek-end");
      expect(bad.text).toMatch(
        /^procfs\/seek-end +\["EINVAL","EINVAL"\] +\["ESPIPE","ESPIPE"\] +DIFFERENT$/m,
      );
      const good = await runConformance({ filter: "seek" });
      expect(good.report.failed).toBe(0);
      expect(good.text).toMatch(/\d+ passed, 0 failed, \d+ skipped\n$/);
    },
  );
});
