/**
 * `npm run conformance [-- --filter TEXT] [--fixture flip-errno] [--verbose]`: the
 * conformance report on stdout; exit status 1 when a check failed.
 */

import { fixtures } from "./fixture.ts";
import { runConformance } from "./run.ts";

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fixtureName = opt("--fixture");
if (fixtureName && !fixtures[fixtureName]) {
  process.stderr.write(
    `unknown fixture ${fixtureName} (have: ${Object.keys(fixtures).join(", ")})\n`,
  );
  process.exit(2);
}
const { report, text } = await runConformance({
  filter: opt("--filter"),
  fixture: fixtureName ? fixtures[fixtureName] : undefined,
  verbose: args.includes("--verbose"),
});
process.stdout.write(text);
process.exit(report.failed > 0 ? 1 : 0);
