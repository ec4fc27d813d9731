/** bash's prompt string escapes (PS1): \u \h \H \w \W \$ \n \s \v \V \j \\ \[ \]. */
import type { Shell } from "./exec.ts";

export async function expandPrompt(sh: Shell, ps1: string): Promise<string> {
  const st = sh.st;
  const user = st.get("USER") ?? String(await sh.libc.getuid());
  let host = "";
  try {
    host = (await sh.libc.uname()).nodename;
  } catch {
    host = "localhost";
  }
  const home = st.get("HOME") ?? "";
  let cwd = st.get("PWD") ?? "";
  try {
    cwd = await sh.libc.getcwd();
  } catch {
    // keep $PWD
  }
  const w =
    home && (cwd === home || cwd.startsWith(`${home}/`)) ? `~${cwd.slice(home.length)}` : cwd;
  const euid = await sh.libc.geteuid();
  let o = "";
  for (let i = 0; i < ps1.length; i++) {
    const c = ps1[i];
    if (c !== "\\" || i + 1 >= ps1.length) {
      o += c;
      continue;
    }
    const n = ps1[++i];
    switch (n) {
      case "u":
        o += user;
        break;
      case "h":
        o += host.split(".")[0];
        break;
      case "H":
        o += host;
        break;
      case "w":
        o += w;
        break;
      case "W":
        o += cwd === home ? "~" : cwd === "/" ? "/" : (cwd.split("/").pop() ?? "");
        break;
      case "$":
        o += euid === 0 ? "#" : "$";
        break;
      case "n":
        o += "\n";
        break;
      case "s":
        o += "bash";
        break;
      case "v":
        o += "4.4";
        break;
      case "V":
        o += "4.4.20";
        break;
      case "j":
        o += String(st.jobs.length);
        break;
      case "[":
      case "]":
        break;
      case "\\":
        o += "\\";
        break;
      default:
        o += `\\${n}`;
    }
  }
  // ${debian_chroot:+...} and other parameter expansions in PS1 (promptvars)
  return o.replace(/\$\{debian_chroot:\+\(\$debian_chroot\)\}/g, "");
}
