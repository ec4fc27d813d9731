/**
 * rev(1), util-linux 2.31: reverse the characters of each line of the files (or standard
 * input). Characters are multibyte in a UTF-8 locale (rev reads wide characters); a line that
 * is not valid UTF-8 is reversed byte by byte. A file that cannot be opened is reported as
 * "rev: cannot open F: strerror" and skipped (exit 1).
 */
import { utf8Locale } from "../lib/coreutils.ts";
import { byteStr, errText, openInput, strBytes, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const dec = new TextDecoder("utf-8", { fatal: true });
const enc = new TextEncoder();

function reverseLine(line: string, utf8: boolean): string {
  if (utf8 && /[\x80-\xff]/.test(line)) {
    try {
      return byteStr(enc.encode([...dec.decode(strBytes(line))].reverse().join("")));
    } catch {
      // not UTF-8: fall through to bytes
    }
  }
  return line.split("").reverse().join("");
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = "rev";
  const files = argv.slice(1).filter((a) => a !== "--");
  if (!files.length) files.push("-");
  const utf8 = utf8Locale(libc);
  let status = 0;
  for (const f of files) {
    let r: Awaited<ReturnType<typeof openInput>>;
    try {
      r = await openInput(libc, f);
    } catch (e) {
      await libc.stdout.flush();
      await warn(libc, prog, `cannot open ${f}: ${errText(libc, e)}`);
      status = 1;
      continue;
    }
    for (let l = await r.readLine(); l !== null; l = await r.readLine()) {
      const nl = l.endsWith("\n");
      const body = nl ? l.slice(0, -1) : l;
      await libc.stdout.write(strBytes(reverseLine(body, utf8) + (nl ? "\n" : "")));
    }
    await r.close();
  }
  await libc.stdout.flush();
  return status;
}
