/**
 * The playground's line editor: keys as xterm.js sends them, the line and cursor that
 * result, and what a terminal screen shows (wrapping at the terminal's width included).
 */
import { describe, expect, it } from "vitest";
import { displayWidth, LineEditor, nextKey } from "../../web/src/line_editor.ts";
import { Screen } from "./screen.ts";

function setup(cols = 40, prompt = "$ ") {
  const screen = new Screen(cols);
  const ed = new LineEditor(
    (s) => screen.write(s),
    () => cols,
  );
  ed.start(prompt);
  return { screen, ed };
}

const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";
const UP = "\x1b[A";
const DOWN = "\x1b[B";
const HOME = "\x1b[H";
const END = "\x1b[F";
const DEL = "\x1b[3~";
const BS = "\x7f";

describe("line editor keys", () => {
  it.each([
    ["plain typing", "echo hi", "echo hi", 7],
    ["backspace", `echo hix${BS}`, "echo hi", 7],
    ["backspace at start does nothing", `${BS}${BS}ab`, "ab", 2],
    ["left and insert", `ac${LEFT}b`, "abc", 2],
    ["right past end stays", `ab${RIGHT}${RIGHT}c`, "abc", 3],
    ["home and insert", `bc${HOME}a`, "abc", 1],
    ["Ctrl-A and Ctrl-E", `bc\x01a\x05d`, "abcd", 4],
    ["delete under cursor", `abc${HOME}${DEL}`, "bc", 0],
    ["Ctrl-D deletes when the line is not empty", `abc${HOME}\x04`, "bc", 0],
    ["Ctrl-U kills to the start", `abc def${LEFT}${LEFT}\x15`, "ef", 0],
    ["Ctrl-K kills to the end", `abc def${HOME}${RIGHT}\x0b`, "a", 1],
    ["Ctrl-W kills a word", "echo foo bar\x17", "echo foo ", 9],
    ["Ctrl-Y yanks the kill", "echo foo bar\x17\x01\x19", "barecho foo ", 3],
    ["Alt-b, Alt-f move by words", "one two three\x1bb\x1bbX\x1bfY", "one XtwoY three", 9],
    ["Ctrl-Left word move", "one two\x1b[1;5DX", "one Xtwo", 5],
    ["End key", `ab${HOME}${END}c`, "abc", 3],
    ["unknown escape sequences are ignored", "a\x1b[15~b\x1bOPc", "abc", 3],
    ["other control bytes are ignored", "a\x00\x07b", "ab", 2],
    ["UTF-8 text", "héllo wörld", "héllo wörld", 11],
  ])("%s", (_name, keys, line, cursor) => {
    const { ed, screen } = setup();
    expect(ed.feed(keys)).toEqual({ action: null, rest: "" });
    expect(ed.line).toBe(line);
    expect(ed.cursorPos).toBe(cursor);
    expect(screen.lines()[0]).toBe(`$ ${line}`.trimEnd());
    expect(screen.x).toBe(2 + cursor);
  });

  it.each([
    ["Enter", "ls\r", { kind: "submit", line: "ls" }, ""],
    ["LF", "ls\n", { kind: "submit", line: "ls" }, ""],
    ["CR LF is one Enter", "ls\r\npwd\r", { kind: "submit", line: "ls" }, "pwd\r"],
    ["the rest of a paste waits", "a\rb\rc", { kind: "submit", line: "a" }, "b\rc"],
    ["Ctrl-C", "abc\x03", { kind: "interrupt" }, ""],
    ["Ctrl-D on an empty line", "\x04", { kind: "eof" }, ""],
    ["Tab", "ec\tho", { kind: "complete", line: "ec", cursor: 2 }, "ho"],
  ])("%s ends the line", (_name, keys, action, rest) => {
    const { ed } = setup();
    expect(ed.feed(keys)).toEqual({ action, rest });
  });

  it("Ctrl-C shows ^C and leaves the line", () => {
    const { ed, screen } = setup();
    ed.feed("abc\x03");
    expect(screen.lines()).toEqual(["$ abc^C", ""]);
    expect(ed.active).toBe(false);
  });
});

describe("history", () => {
  it("Up and Down walk it, keeping the line being typed", () => {
    const { ed, screen } = setup();
    for (const l of ["one", "two", "two", " ", "three"]) {
      ed.feed(`${l}\r`);
      ed.start("$ ");
    }
    // Duplicates in a row and blank lines are not remembered.
    expect(ed.history).toEqual(["one", "two", "three"]);
    ed.feed("dra");
    ed.feed(UP);
    expect(ed.line).toBe("three");
    ed.feed(`${UP}${UP}${UP}`);
    expect(ed.line).toBe("one");
    ed.feed(DOWN);
    expect(ed.line).toBe("two");
    ed.feed(`${DOWN}${DOWN}`);
    expect(ed.line).toBe("dra");
    expect(screen.lines().at(-1)).toBe("$ dra");
    ed.feed("\x10");
    expect(ed.line).toBe("three");
    ed.feed("\x0e");
    expect(ed.line).toBe("dra");
  });

  it("keeps at most historySize lines", () => {
    const ed = new LineEditor(
      () => {},
      () => 80,
      3,
    );
    for (const l of ["a", "b", "c", "d"]) {
      ed.start("$ ");
      ed.feed(`${l}\r`);
    }
    expect(ed.history).toEqual(["b", "c", "d"]);
  });
});

describe("long lines wrap and redraw in place", () => {
  it.each([10, 11, 12, 13, 20])("typing 25 characters on %d columns", (cols) => {
    const { ed, screen } = setup(cols);
    const text = "abcdefghijklmnopqrstuvwxy";
    ed.feed(text);
    const all = `$ ${text}`;
    const want: string[] = [];
    for (let i = 0; i < all.length; i += cols) want.push(all.slice(i, i + cols));
    if (all.length % cols === 0) want.push("");
    expect(screen.lines()).toEqual(want);
    expect(screen.y * cols + screen.x).toBe(all.length);
    // Editing in the middle redraws every row below and puts the cursor back.
    ed.feed(`${HOME}${RIGHT}${RIGHT}X`);
    const all2 = `$ abX${text.slice(2)}`;
    const want2: string[] = [];
    for (let i = 0; i < all2.length; i += cols) want2.push(all2.slice(i, i + cols));
    expect(screen.lines().slice(0, want2.length)).toEqual(want2);
    expect(screen.y * cols + screen.x).toBe(2 + 3);
    ed.feed(`${END}${BS}${BS}`);
    expect(ed.line).toBe(`abX${text.slice(2, -2)}`);
    expect(screen.y * cols + screen.x).toBe(2 + ed.line.length);
  });

  it("Ctrl-L clears the screen and redraws the line", () => {
    const { ed, screen } = setup(20);
    screen.write("old output\r\n");
    ed.start("$ ");
    ed.feed("abc\x0c");
    expect(screen.lines()).toEqual(["$ abc"]);
  });

  it("setLine replaces the line (the lesson buttons)", () => {
    const { ed, screen } = setup(20);
    ed.feed("something long enough to wrap");
    ed.setLine("ls");
    expect(screen.lines().filter(Boolean)).toEqual(["$ ls"]);
    expect(ed.cursorPos).toBe(2);
  });

  it("completion candidates are listed in columns, then the line comes back", () => {
    const { ed, screen } = setup(30);
    ed.feed("cat /proc/m");
    ed.showCandidates(["meminfo", "misc", "modules", "mounts"]);
    expect(screen.lines()).toEqual([
      "$ cat /proc/m",
      "meminfo  misc     modules",
      "mounts",
      "$ cat /proc/m",
    ]);
  });
});

describe("helpers", () => {
  it.each([
    ["a", "a"],
    ["\x1b[A", "\x1b[A"],
    ["\x1b[1;5Dx", "\x1b[1;5D"],
    ["\x1bOHx", "\x1bOH"],
    ["\x1bb", "\x1bb"],
    ["\x1b", "\x1b"],
    ["😀x", "😀"],
  ])("nextKey(%j)", (data, key) => {
    expect(nextKey(data, 0)).toBe(key);
  });

  it.each([
    ["llkd@llkd-vbox:~$ ", 18],
    ["\x1b[01;32mllkd\x1b[00m$ ", 6],
    ["héllo", 5],
  ])("displayWidth(%j) = %d", (s, n) => {
    expect(displayWidth(s)).toBe(n);
  });
});
