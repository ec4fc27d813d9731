/** How each personality words its errors (bash 5 and dash 0.5.8). */
import type { ShellState } from "./state.ts";

/** dash's errmsg(): ENOENT/ENOTDIR get short texts depending on the action. */
export function dashErrmsg(
  errno: number,
  text: string,
  action: "open" | "create" | "exec",
): string {
  if (errno !== 2 && errno !== 20) return text;
  if (action === "open") return "No such file";
  if (action === "create") return "Directory nonexistent";
  return "not found";
}

/** The prefix of an error line: `bash: `, `bash: line N: ` or `sh: N: `. */
export function errPrefix(st: ShellState, withLine = true): string {
  if (st.personality === "dash") return withLine ? `${st.name}: ${st.lineno}: ` : `${st.name}: `;
  const name = st.name.startsWith("-") ? st.name.slice(1) : st.name;
  if (st.interactive || st.interactiveParent || !withLine) return `${name}: `;
  return `${name}: line ${st.lineno}: `;
}
