/**
 * The uapi headers' constants as literals in the page's bundle. Many are written as reads of
 * a table (`export const ENOENT = E.ENOENT;`, `SIGKILL = SIG.SIGKILL`) or as macro calls
 * (`_IOR(...)`), which the bundler cannot inline: every use would read a variable declared
 * at the top. Here each `export const NAME = <expression>;` line whose value (the module
 * evaluated at build time) is a number, bigint, string or boolean gets that value written
 * in, so the bundler's constant inlining puts the literal at every use and drops the
 * declaration. The modules themselves are unchanged; so are the values.
 */
import type { Plugin } from "vite";
import * as errno from "../../src/include/uapi/errno.ts";
import * as fcntl from "../../src/include/uapi/fcntl.ts";
import * as fs from "../../src/include/uapi/fs.ts";
import * as genetlink from "../../src/include/uapi/genetlink.ts";
import * as ioctl from "../../src/include/uapi/ioctl.ts";
import * as netlink from "../../src/include/uapi/netlink.ts";
import * as random from "../../src/include/uapi/random.ts";
import * as signal from "../../src/include/uapi/signal.ts";
import * as socket from "../../src/include/uapi/socket.ts";
import * as stat from "../../src/include/uapi/stat.ts";

/** Modules under src/, by path, and their values as evaluated here. */
const MODULES: Record<string, Record<string, unknown>> = {
  "include/uapi/errno.ts": errno,
  "include/uapi/fcntl.ts": fcntl,
  "include/uapi/fs.ts": fs,
  "include/uapi/genetlink.ts": genetlink,
  "include/uapi/ioctl.ts": ioctl,
  "include/uapi/netlink.ts": netlink,
  "include/uapi/random.ts": random,
  "include/uapi/signal.ts": signal,
  "include/uapi/socket.ts": socket,
  "include/uapi/stat.ts": stat,
};

function literal(v: unknown): string | null {
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : null;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  return null;
}

/** One-line `export const` declarations; a type annotation is kept. */
const DECL = /^export const ([A-Za-z_$][\w$]*)(\s*:[^=\n]+)? = ([^\n]+);$/gm;

export function foldConstants(srcDir: string): Plugin {
  return {
    name: "vkern-fold-constants",
    transform(code, id) {
      if (!id.startsWith(`${srcDir}/`)) return null;
      const mod = MODULES[id.slice(srcDir.length + 1)];
      if (!mod) return null;
      return code.replace(DECL, (line, name: string, type: string | undefined) => {
        const lit = literal(mod[name]);
        return lit === null ? line : `export const ${name}${type ?? ""} = ${lit};`;
      });
    },
  };
}
