/** chgrp(1), GNU coreutils 8.28: change group ownership (src/chgrp.c; see chown.ts). */

import { coreutilsMain } from "../lib/prog.ts";
import { chownCommand } from "./chown.ts";

export const main = coreutilsMain((cmd, argv) => chownCommand(cmd, argv, true));
