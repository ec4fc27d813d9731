/** The modules shipped with vkern: the chapter's demos (and, later, the exercises' solutions). */
import type { ModuleDefinition } from "../kernel/module.ts";

export const shippedModules: ModuleDefinition[] = [];
