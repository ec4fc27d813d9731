/**
 * Known, intended differences between vkern and the real kernel: one entry per check whose
 * outcomes may differ, with the reason. Any difference not listed here fails the run; an
 * entry whose check comes out the same is reported as stale. A vkern bug never goes here —
 * it is fixed, or reported and left failing.
 */

import type { AllowEntry } from "./suite.ts";

export const allowlist: AllowEntry[] = [
  {
    check: "procfs/sysctl-osrelease",
    reason:
      "the release string: vkern is the book's 5.4.0-llkd01 by design (a kernel option), " +
      "the host is whatever it runs",
  },
];
