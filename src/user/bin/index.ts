/**
 * The commands installed in the root filesystem: name → program, and where
 * each is installed. Each command lives in its own file under src/user/bin/.
 */
import type { ProgramMain } from "../libc/libc.ts";
import { main as cat } from "./cat.ts";

export interface CommandEntry {
  main: ProgramMain;
  /** Install paths; the first is the canonical one. */
  paths: string[];
  /** Mode of the installed file (sudo is set-user-ID root). */
  mode?: number;
}

const trueMain: ProgramMain = async () => 0;
const falseMain: ProgramMain = async () => 1;

export const commands: Record<string, CommandEntry> = {
  cat: { main: cat, paths: ["/bin/cat"] },
  true: { main: trueMain, paths: ["/bin/true"] },
  false: { main: falseMain, paths: ["/bin/false"] },
};
