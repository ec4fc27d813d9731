/**
 * Comparing a transcript with what its commands printed, as cram does.
 *
 * Mirrors cram 0.7's cram/_test.py:test() (building the actual transcript, "postout") and
 * cram/_diff.py (a difflib.SequenceMatcher whose find_longest_match() first lets expected
 * lines that a matcher accepts stand in for the actual line at the same offset, then a
 * unified diff with cram's own hunk headers). The SequenceMatcher below is a port of CPython's
 * Lib/difflib.py (no isjunk, autojunk on), so hunks come out as cram prints them.
 *
 * Pure and browser-safe: no Node.js built-ins.
 */

import { matchTranscriptLine, outputToLines } from "./match.ts";
import type { CramFile } from "./parse.ts";

export interface CommandResult {
  /** Combined stdout and stderr of the command, as written (possibly not ending in "\n"). */
  output: string | Uint8Array;
  /** Exit status ($?) of the command. */
  status: number;
  /**
   * The shell itself exited while running this command (`exit 3`); a runner then returns no
   * results for later commands. cram then shows no `[N]` for it, drops what follows, and
   * skips the whole file when the shell's status is 80.
   */
  shellExited?: boolean;
}

export interface CramDiff {
  passed: boolean;
  /** The shell exited with status 80: cram counts the file as skipped, not run. */
  skipped: boolean;
  /** The transcript's lines as cram reads them, each ending in "\n". */
  expected: string[];
  /** The actual transcript, exactly what cram writes to X.t.err. */
  actual: string[];
  /**
   * The transcript with expected lines kept where they match (globs and regexes stay) and
   * actual lines where they do not: what `cram -i` writes back when a change is accepted.
   */
  output: string;
  /** cram's unified diff (`--- X.t` / `+++ X.t.err`), "" when passed. */
  diff: string;
}

type Match = [number, number, number];
type Opcode = ["equal" | "replace" | "delete" | "insert", number, number, number, number];

/** Port of difflib.SequenceMatcher with cram's custom-matcher find_longest_match(). */
class SequenceMatcher {
  private readonly a: string[];
  private readonly b: string[];
  private readonly b2j = new Map<string, number[]>();
  private readonly matches: (x: string, y: string) => boolean;

  constructor(
    a: readonly string[],
    b: readonly string[],
    matches: (x: string, y: string) => boolean,
  ) {
    this.a = [...a];
    this.b = [...b];
    this.matches = matches;
    this.chainB();
  }

  private chainB(): void {
    this.b.forEach((elt, i) => {
      const idx = this.b2j.get(elt);
      if (idx) idx.push(i);
      else this.b2j.set(elt, [i]);
    });
    // autojunk: in 200+ lines, lines occurring more than 1% + 1 times are "popular" and only
    // get matched by extending a match of other lines.
    const n = this.b.length;
    if (n >= 200) {
      const ntest = Math.floor(n / 100) + 1;
      for (const [elt, idx] of [...this.b2j]) if (idx.length > ntest) this.b2j.delete(elt);
    }
  }

  private findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    const { a, b } = this;
    // cram: an expected line that matches the actual line at the same offset of the two
    // ranges temporarily becomes that actual line, so difflib sees them as equal.
    const saved: [number, string][] = [];
    const n = Math.min(ahi - alo, bhi - blo);
    for (let k = 0; k < n; k++) {
      const el = a[alo + k]!;
      const line = b[blo + k]!;
      if (el !== line && this.matches(el, line)) {
        saved.push([alo + k, el]);
        a[alo + k] = line;
      }
    }
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of this.b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // No isjunk, so every element is "not junk": extend over popular elements on both ends.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (
      besti + bestsize < ahi &&
      bestj + bestsize < bhi &&
      a[besti + bestsize] === b[bestj + bestsize]
    ) {
      bestsize++;
    }
    for (const [i, el] of saved) a[i] = el;
    return [besti, bestj, bestsize];
  }

  getMatchingBlocks(): Match[] {
    const la = this.a.length;
    const lb = this.b.length;
    const queue: [number, number, number, number][] = [[0, la, 0, lb]];
    const blocks: Match[] = [];
    while (queue.length > 0) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const x = this.findLongestMatch(alo, ahi, blo, bhi);
      const [i, j, k] = x;
      if (k) {
        blocks.push(x);
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    blocks.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
    let [i1, j1, k1] = [0, 0, 0];
    const nonAdjacent: Match[] = [];
    for (const [i2, j2, k2] of blocks) {
      if (i1 + k1 === i2 && j1 + k1 === j2) {
        k1 += k2;
      } else {
        if (k1) nonAdjacent.push([i1, j1, k1]);
        [i1, j1, k1] = [i2, j2, k2];
      }
    }
    if (k1) nonAdjacent.push([i1, j1, k1]);
    nonAdjacent.push([la, lb, 0]);
    return nonAdjacent;
  }

  getOpcodes(): Opcode[] {
    let i = 0;
    let j = 0;
    const answer: Opcode[] = [];
    for (const [ai, bj, size] of this.getMatchingBlocks()) {
      if (i < ai && j < bj) answer.push(["replace", i, ai, j, bj]);
      else if (i < ai) answer.push(["delete", i, ai, j, bj]);
      else if (j < bj) answer.push(["insert", i, ai, j, bj]);
      i = ai + size;
      j = bj + size;
      if (size) answer.push(["equal", ai, i, bj, j]);
    }
    return answer;
  }
}

/** difflib.SequenceMatcher.get_grouped_opcodes(): hunks with n lines of context. */
function groupOpcodes(opcodes: Opcode[], n = 3): Opcode[][] {
  const codes: Opcode[] =
    opcodes.length > 0 ? opcodes.map((c) => [...c] as Opcode) : [["equal", 0, 1, 0, 1]];
  const first = codes[0]!;
  if (first[0] === "equal") {
    first[1] = Math.max(first[1], first[2] - n);
    first[3] = Math.max(first[3], first[4] - n);
  }
  const last = codes[codes.length - 1]!;
  if (last[0] === "equal") {
    last[2] = Math.min(last[2], last[1] + n);
    last[4] = Math.min(last[4], last[3] + n);
  }
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    let [tag, i1, i2, j1, j2] = code;
    if (tag === "equal" && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      groups.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0]![0] === "equal")) groups.push(group);
  return groups;
}

/** cram/_diff.py:unified_diff(): note the hunk header always says "start,count". */
function unifiedDiff(
  l1: string[],
  l2: string[],
  groups: Opcode[][],
  from: string,
  to: string,
): string {
  if (groups.length === 0) return "";
  let out = `--- ${from}\n+++ ${to}\n`;
  for (const group of groups) {
    const [, i1, , j1] = group[0]!;
    const i2 = group[group.length - 1]![2];
    const j2 = group[group.length - 1]![4];
    out += `@@ -${i1 + 1},${i2 - i1} +${j1 + 1},${j2 - j1} @@\n`;
    for (const [tag, a1, a2, b1, b2] of group) {
      if (tag === "equal") {
        for (const line of l1.slice(a1, a2)) out += ` ${line}`;
        continue;
      }
      if (tag === "replace" || tag === "delete")
        for (const line of l1.slice(a1, a2)) out += `-${line}`;
      if (tag === "replace" || tag === "insert")
        for (const line of l2.slice(b1, b2)) out += `+${line}`;
    }
  }
  return out;
}

/**
 * Builds cram's actual transcript from the results of the file's commands, and diffs it
 * against the file. `name` is the path shown in the diff header (cram shows the path it was
 * given); "" gives cram's bare `--- ` / `+++ ` headers.
 */
export function diffCram(file: CramFile, results: readonly CommandResult[], name = ""): CramDiff {
  const indent = " ".repeat(file.indent);
  const expected = file.lines.map((l) => `${l.text}\n`);

  // cram's `after`: the lines that are not output, bucketed by the command they follow
  // (-1: before the first command). A command line and its continuations belong to the
  // bucket of the command before it.
  const after = new Map<number, string[]>();
  const put = (key: number, line: string): void => {
    const bucket = after.get(key);
    if (bucket) bucket.push(line);
    else after.set(key, [line]);
  };
  let pos = -1;
  let prepos = -1;
  file.lines.forEach((line, i) => {
    if (line.kind === "command") {
      put(pos, expected[i]!);
      prepos = pos;
      pos = i;
    } else if (line.kind === "continuation") {
      put(prepos, expected[i]!);
    } else if (line.kind === "comment") {
      put(pos, expected[i]!);
    }
  });

  const actual: string[] = [...(after.get(-1) ?? [])];
  let skipped = false;
  for (const [k, result] of results.entries()) {
    const cmd = file.commands[k];
    if (cmd === undefined) break;
    const exited =
      result.shellExited === true ||
      (k === results.length - 1 && results.length < file.commands.length);
    // cram drops the last byte of the shell's whole output, meant to be the "\n" of its final
    // `echo SALT`; when the shell exits early that byte is the command's own.
    let output = result.output;
    if (exited) {
      const bytes = typeof output === "string" ? new TextEncoder().encode(output) : output;
      output = bytes.subarray(0, Math.max(0, bytes.length - 1));
    }
    actual.push(...outputToLines(output, indent));
    if (!exited && result.status !== 0) actual.push(`${indent}[${result.status}]\n`);
    actual.push(...(after.get(cmd.lineIndex) ?? []));
    if (exited) {
      skipped = result.status === 80;
      break;
    }
  }
  if (skipped) {
    return { passed: true, skipped, expected, actual, output: expected.join(""), diff: "" };
  }

  const matcher = new SequenceMatcher(expected, actual, matchTranscriptLine);
  const opcodes = matcher.getOpcodes();
  const groups = groupOpcodes(opcodes);
  let output = "";
  for (const [tag, i1, i2, j1, j2] of opcodes) {
    if (tag === "equal") output += expected.slice(i1, i2).join("");
    else if (tag !== "delete") output += actual.slice(j1, j2).join("");
  }
  const diff = unifiedDiff(expected, actual, groups, name, name === "" ? "" : `${name}.err`);
  return { passed: diff === "", skipped, expected, actual, output, diff };
}
