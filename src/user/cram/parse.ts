/**
 * Parser for cram/prysk transcript files (`*.t`).
 *
 * Mirrors the line classification of cram 0.7's cram/_test.py:test() (prysk's prysk/test.py
 * is the same): a file is split on "\n" only (cram iterates a file opened in binary mode),
 * and each line is
 *   - a command if it starts with INDENT + "$ ",
 *   - a continuation of the previous command if it starts with INDENT + "> ",
 *   - expected output if it starts with INDENT (this includes the `[N]` exit status line),
 *   - a comment otherwise.
 *
 * Pure and browser-safe: no Node.js built-ins.
 */

export type CramLineKind = "command" | "continuation" | "output" | "comment";

export interface CramLine {
  kind: CramLineKind;
  /** The line as written in the file, without its "\n". */
  text: string;
  /** 1-based line number in the file. */
  lineNo: number;
}

export interface CramCommand {
  /** The command as typed: the `$ ` line and its `> ` continuations joined with "\n". */
  command: string;
  /** 1-based line number of the `$ ` line. */
  lineNo: number;
  /** Index of the `$ ` line in CramFile.lines. */
  lineIndex: number;
  /**
   * Expected output lines with the indent removed, annotations such as " (glob)" kept, and
   * the final `[N]` status line left out.
   */
  expected: string[];
  /** Expected exit status: N from a final `[N]` line, else 0. */
  status: number;
}

export interface CramFile {
  /** Width of the indent of commands and output (cram's --indent, 2 by default). */
  indent: number;
  lines: CramLine[];
  commands: CramCommand[];
}

export interface ParseCramOptions {
  indent?: number;
}

const STATUS_RE = /^\[(\d+)\]$/;

/** Splits a transcript the way cram reads it: on "\n" only, no empty line after a final "\n". */
export function splitCramLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function parseCram(text: string, options: ParseCramOptions = {}): CramFile {
  const indentWidth = options.indent ?? 2;
  const indent = " ".repeat(indentWidth);
  const cmdPrefix = `${indent}$ `;
  const conPrefix = `${indent}> `;
  const lines: CramLine[] = [];
  const commands: CramCommand[] = [];
  // Expected lines of the current command, status line still included.
  let current: { cmd: CramCommand; parts: string[]; out: string[] } | null = null;

  const finish = (): void => {
    if (current === null) return;
    const { cmd, parts, out } = current;
    cmd.command = parts.join("\n");
    // cram prints `[N]` after all of a command's output, so only a last line can be it.
    const m = out.length > 0 ? STATUS_RE.exec(out[out.length - 1]!) : null;
    if (m) {
      cmd.status = Number(m[1]);
      out.pop();
    }
    cmd.expected = out;
    commands.push(cmd);
    current = null;
  };

  splitCramLines(text).forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.startsWith(cmdPrefix)) {
      finish();
      lines.push({ kind: "command", text: raw, lineNo });
      current = {
        cmd: { command: "", lineNo, lineIndex: i, expected: [], status: 0 },
        parts: [raw.slice(cmdPrefix.length)],
        out: [],
      };
    } else if (raw.startsWith(conPrefix)) {
      lines.push({ kind: "continuation", text: raw, lineNo });
      // cram feeds a continuation to the shell right after what came before it; a stray one
      // before any command reaches the shell on its own, which we cannot express: drop it.
      current?.parts.push(raw.slice(conPrefix.length));
    } else if (raw.startsWith(indent)) {
      lines.push({ kind: "output", text: raw, lineNo });
      current?.out.push(raw.slice(indentWidth));
    } else {
      lines.push({ kind: "comment", text: raw, lineNo });
    }
  });
  finish();
  return { indent: indentWidth, lines, commands };
}
