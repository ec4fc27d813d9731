/** Every conformance check, in report order. */

import type { Check } from "../check.ts";
import { debugfsChecks } from "./debugfs.ts";
import { ioctlChecks } from "./ioctl.ts";
import { netlinkChecks } from "./netlink.ts";
import { procfsChecks } from "./procfs.ts";
import { sysctlChecks } from "./sysctl.ts";
import { sysfsChecks } from "./sysfs.ts";

export const allChecks: Check[] = [
  ...procfsChecks,
  ...sysctlChecks,
  ...sysfsChecks,
  ...debugfsChecks,
  ...ioctlChecks,
  ...netlinkChecks,
];
