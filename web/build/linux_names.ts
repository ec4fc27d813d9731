/**
 * Function names the kernel shows in an Oops. src/kernel/panic.ts reads the faulting
 * function and the call trace from the JavaScript stack, keeping frames whose names look
 * like Linux's (snake_case); the minifier must leave exactly those names alone.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const SNAKE = "_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+";
/** A whole name that looks like Linux's (panic.ts's LINUX_NAME). */
export const LINUX_NAME = new RegExp(`^${SNAKE}$`);
const DECL = new RegExp(
  `\\bfunction\\s+(${SNAKE})\\b|\\b(?:const|let|var)\\s+(${SNAKE})\\s*(?::[^=]+)?=\\s*(?:async\\b|function\\b|\\(|[a-z_]+\\s*=>)|^\\s*(?:async\\s+)?(${SNAKE})\\s*\\([^;]*\\{\\s*$`,
  "gm",
);

/** Every snake_case name of a function (declared, assigned or a method) in `dir`'s .ts files. */
export function linuxNames(dir: string): string[] {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts"))
        for (const m of readFileSync(p, "utf8").matchAll(DECL)) names.add(m[1] ?? m[2] ?? m[3]);
    }
  };
  walk(dir);
  return [...names].sort();
}
