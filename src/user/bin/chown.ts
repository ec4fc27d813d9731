/**
 * chown(1) and chgrp(1), GNU coreutils 8.28: change file owner and group. Mirrors
 * src/chown.c and src/chgrp.c main(); the work is in lib/chown_core.ts.
 */

import { type ChownOptions, chownFiles, parseUserSpec } from "../lib/chown_core.ts";
import type { LongOption } from "../lib/getopt.ts";
import { getgrnam } from "../lib/passwd.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "recursive", hasArg: 0, val: "R" },
  { name: "changes", hasArg: 0, val: "c" },
  { name: "dereference", hasArg: 0, val: "deref" },
  { name: "from", hasArg: 1, val: "from" },
  { name: "no-dereference", hasArg: 0, val: "h" },
  { name: "no-preserve-root", hasArg: 0, val: "no-preserve-root" },
  { name: "preserve-root", hasArg: 0, val: "preserve-root" },
  { name: "quiet", hasArg: 0, val: "f" },
  { name: "silent", hasArg: 0, val: "f" },
  { name: "reference", hasArg: 1, val: "reference" },
  { name: "verbose", hasArg: 0, val: "v" },
];

/** The body of both commands; `isChgrp` takes a GROUP operand instead of OWNER[:GROUP]. */
export async function chownCommand(cmd: Cmd, argv: string[], isChgrp: boolean): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "HLPRcfhv", LONG);
  const o: ChownOptions = {
    uid: -1,
    gid: -1,
    userName: null,
    groupName: null,
    recurse: false,
    affectReferent: true,
    verbosity: "off",
    force: false,
    preserveRoot: false,
  };
  let dereference = -1;
  let traversal: "H" | "L" | "P" = "P";
  let reference: string | null = null;
  for (const { key, arg } of options) {
    if (key === "R") o.recurse = true;
    else if (key === "c") o.verbosity = "changes";
    else if (key === "v") o.verbosity = "high";
    else if (key === "f") o.force = true;
    else if (key === "h") dereference = 0;
    else if (key === "deref") dereference = 1;
    else if (key === "H" || key === "L" || key === "P") traversal = key;
    else if (key === "reference") reference = arg ?? "";
    else if (key === "preserve-root") o.preserveRoot = true;
    else if (key === "no-preserve-root") o.preserveRoot = false;
    else if (key === "from") await cmd.usageError("option '--from' is not supported");
  }
  if (o.recurse && traversal === "P") {
    if (dereference === 1) await cmd.die(1, "-R --dereference requires either -H or -L");
    dereference = 0;
  }
  o.affectReferent = dereference !== 0;
  const files = [...operands];
  if (reference === null) {
    if (files.length < 2) {
      if (files.length === 0) await cmd.usageError("missing operand");
      await cmd.usageError(`missing operand after ${q.quote(files[0])}`);
    }
    const spec = files.shift()!;
    if (isChgrp) {
      const gr = await getgrnam(libc, spec);
      const n = /^\d+$/.test(spec) ? Number(spec) : null;
      if (!gr && n === null) await cmd.die(1, `invalid group: ${q.quote(spec)}`);
      o.gid = gr ? gr.gid : n!;
      o.groupName = spec;
    } else {
      const r = await parseUserSpec(cmd, spec);
      if ("error" in r) return cmd.die(1, `${r.error}: ${q.quote(spec)}`);
      o.uid = r.uid;
      o.gid = r.gid;
      o.userName = r.user;
      o.groupName = r.group;
      if (o.userName === null && o.groupName !== null) o.userName = "";
    }
  } else {
    if (files.length === 0) await cmd.usageError("missing operand");
    try {
      const st = await libc.stat(reference);
      if (!isChgrp) o.uid = st.uid;
      o.gid = st.gid;
      if (!isChgrp) o.userName = String(st.uid);
      o.groupName = String(st.gid);
    } catch (e) {
      await cmd.die(1, `failed to get attributes of ${q.quoteaf(reference)}`, errnoOf(e));
    }
  }
  return (await chownFiles(cmd, o, files)) ? 0 : 1;
}

export const main = coreutilsMain((cmd, argv) => chownCommand(cmd, argv, false));
