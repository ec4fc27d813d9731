/** The modules shipped with vkern: the chapter's demos (and, later, the exercises' solutions). */
import type { ModuleDefinition } from "../kernel/module.ts";
import procfs_simple_intf from "./procfs_simple_intf/procfs_simple_intf.ts";

export const shippedModules: ModuleDefinition[] = [procfs_simple_intf];
