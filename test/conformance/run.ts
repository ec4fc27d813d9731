/**
 * Boots a vkern kernel, starts the host helper, runs every check on both and formats the
 * report: what `npm run conformance` and the suite's own test call.
 */

import { boot } from "../../src/vkern.ts";
import { allowlist } from "./allowlist.ts";
import { type HostSys, hostSys, hostUnavailable } from "./backend_host.ts";
import { type PortFilter, vkernSys } from "./backend_vkern.ts";
import { allChecks } from "./checks/index.ts";
import { formatReport } from "./report.ts";
import { type Backend, type Report, runSuite } from "./suite.ts";

export interface ConformanceOptions {
  /** Only checks whose id contains this. */
  filter?: string;
  /** A deliberately broken vkern (see fixture.ts). */
  fixture?: PortFilter;
  verbose?: boolean;
  /** Called with each line of the table as checks finish. */
  progress?: (id: string) => void;
}

export async function runConformance(
  opts: ConformanceOptions = {},
): Promise<{ report: Report; text: string }> {
  const why = hostUnavailable();
  let host: HostSys | null = null;
  let hostBackend: Backend;
  if (why) hostBackend = { unavailable: why };
  else hostBackend = host = await hostSys();
  const k = await boot();
  const vk = await vkernSys(k, opts.fixture, host?.uid ?? 0);
  const header = [
    host
      ? `host:  ${host.info.sysname} ${host.info.release} ${host.info.version} ${host.info.machine}` +
        ` (python3 helper, uid ${host.info.uid}; debugfs ${host.info.debugfs})`
      : `host:  unavailable: ${why}`,
    `vkern: Linux ${k.options.release} ${k.options.version} x86_64${opts.fixture ? " (with a fixture)" : ""}`,
  ];
  const list = allChecks.filter((c) => !opts.filter || c.id.includes(opts.filter));
  const unknown = allowlist.filter((a) => !allChecks.some((c) => c.id === a.check));
  if (unknown.length) throw new Error(`allow-list names no check: ${unknown.map((a) => a.check)}`);
  try {
    const report = await runSuite(list, hostBackend, vk, allowlist, (r) =>
      opts.progress?.(r.check.id),
    );
    return { report, text: formatReport(report, header, opts.verbose) };
  } finally {
    await host?.shutdown();
  }
}
