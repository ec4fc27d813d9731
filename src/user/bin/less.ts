/** less(1), less 487, as a cat: see more.ts (vkern does not page). */
import type { Libc } from "../libc/libc.ts";
import { page } from "./more.ts";

export const main = (argv: string[], _envp: string[], libc: Libc) => page(argv, libc, true);
