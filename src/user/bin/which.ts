/**
 * which(1) of debianutils 4.8 (Ubuntu 18.04), a port of its /bin/sh script: for each name,
 * print the first (with -a every) executable regular file along PATH, or the name itself
 * when it holds a slash. Exit 1 if any name was not found (nothing is printed for it), 2 on
 * a bad option (after dash's getopts complaint "Illegal option -x" and the usage line).
 */
import { S_ISREG } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const X_OK = 1;

/** The script's `[ -f "$f" ] && [ -x "$f" ]`. */
async function executableFile(libc: Libc, path: string): Promise<boolean> {
  try {
    const st = await libc.stat(path);
    if (!S_ISREG(st.mode)) return false;
    await libc.access(path, X_OK);
    return true;
  } catch (e) {
    if (e instanceof SysError) return false;
    throw e;
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  // The script's $0: the path the kernel ran it by.
  const prog = argv[0]?.includes("/") ? argv[0] : "/bin/which";
  let all = false;
  let i = 1;
  // getopts: option clusters until the first operand or "--".
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a.length < 2 || a[0] !== "-") break;
    for (const c of a.slice(1)) {
      if (c === "a") all = true;
      else {
        await libc.stderr.write(`Illegal option -${c}\n`);
        await libc.stdout.write(`Usage: ${prog} [-a] args\n`);
        await libc.stdout.flush();
        return 2;
      }
    }
  }
  const names = argv.slice(i);
  let status = names.length ? 0 : 1;
  let path = libc.getenv("PATH") ?? "";
  // case $PATH in (*[!:]:) PATH="$PATH:" ;; -- a trailing empty element means ".".
  if (/[^:]:$/.test(path)) path += ":";
  const dirs = path === "" ? [] : path.split(":");
  if (dirs.length && dirs[dirs.length - 1] === "") dirs.pop(); // IFS splitting drops one
  for (const name of names) {
    let found = false;
    if (name.includes("/")) {
      if (await executableFile(libc, name)) {
        await libc.stdout.write(`${name}\n`);
        found = true;
      }
    } else {
      for (const d of dirs) {
        const full = `${d || "."}/${name}`;
        if (await executableFile(libc, full)) {
          await libc.stdout.write(`${full}\n`);
          found = true;
          if (!all) break;
        }
      }
    }
    if (!found) status = 1;
  }
  await libc.stdout.flush();
  return status;
}
