/** Types of the uevent machinery (include/linux/kobject.h), shared without import cycles. */
import type { Kobject, Kset } from "./kobject.ts";

/** struct kobj_uevent_env: the KEY=value strings of one event. */
export class KobjUeventEnv {
  readonly envp: string[] = [];
  /** Bytes used in the 2048-byte buffer (each string and its NUL). */
  buflen = 0;
}

/** struct kset_uevent_ops */
export interface KsetUeventOps {
  filter?: ((kset: Kset, kobj: Kobject) => number) | null;
  name?: ((kset: Kset, kobj: Kobject) => string | null) | null;
  uevent?: ((kset: Kset, kobj: Kobject, env: KobjUeventEnv) => number) | null;
}
