/**
 * genl(8) of iproute2 4.15 (Ubuntu 18.04; genl/genl.c): generic netlink utility
 * frontend. Objects: "ctrl" (ctrl.ts); others are unknown, as on a machine
 * without genl plugins.
 */
import type { Libc } from "../../libc/libc.ts";
import { parseCtrl } from "./ctrl.ts";
import { matches } from "./libnetlink.ts";

/** iproute2 4.15.0's SNAPSHOT */
const SNAPSHOT = "180129";

async function usage(libc: Libc): Promise<number> {
  await libc.fputs(
    "Usage: genl [ OPTIONS ] OBJECT [help] }\nwhere  OBJECT := { ctrl etc }\n       OPTIONS := { -s[tatistics] | -d[etails] | -r[aw] | -V[ersion] | -h[elp] }\n",
    libc.stderr,
  );
  return libc.exit(255);
}

/** Mirrors main() of genl.c; a -1 from an object's parser is exit status 255. */
export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a[0] !== "-") break;
    if (
      matches(a, "-stats") ||
      matches(a, "-statistics") ||
      matches(a, "-details") ||
      matches(a, "-raw")
    )
      continue;
    if (matches(a, "-Version")) {
      await libc.printf("genl utility, iproute2-ss%s\n", SNAPSHOT);
      return libc.exit(0);
    }
    if (matches(a, "-help")) return usage(libc);
    await libc.fprintf(libc.stderr, 'Option "%s" is unknown, try "genl -help".\n', a);
    return libc.exit(255);
  }
  if (i >= argv.length) return usage(libc);
  const obj = argv[i];
  const rest = argv.slice(i);
  if (obj === "ctrl") return (await parseCtrl(libc, rest)) & 0xff;
  if (rest.length > 1) {
    await libc.fprintf(
      libc.stderr,
      'Unknown genl "%s", hence option "%s" is unparsable\n',
      obj,
      rest[1],
    );
    return 255;
  }
  return 0;
}
