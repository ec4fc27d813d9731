/**
 * The texts of ~/booksrc in the browser: the demo modules' sources (and the ioctl demo's user
 * program), bundled as strings at build time so the site works from file:// too. The Node
 * twin is src/cli/booksrc_sources.ts; package.json's "#booksrc" picks one.
 */
const files = import.meta.glob(
  [
    "../../src/modules/*/*.ts",
    "!../../src/modules/index.ts",
    "../../src/user/apps/ioctl_llkd_userspace.ts",
  ],
  { query: "?raw", import: "default", eager: true },
) as Record<string, string>;

/** A file under src/, e.g. "modules/procfs_simple_intf/procfs_simple_intf.ts". */
export function readBookSource(srcPath: string): string {
  const text = files[`../../src/${srcPath}`];
  if (text === undefined) throw new Error(`booksrc: ${srcPath} is not in the page's bundle`);
  return text;
}
