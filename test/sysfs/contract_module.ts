/**
 * A test module exercising the sysfs show/store contract: /sys/kernel/contract/ with
 * attributes whose behaviour the test sets through `ctl`.
 */
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  __ATTR,
  type AttributeGroup,
  type BinAttribute,
  type KobjAttribute,
  type Kobject,
  kernel_kobj,
  kobject_create_and_add,
  kobject_put,
  sprintf,
  sysfs_create_bin_file,
  sysfs_create_file,
  sysfs_create_group,
  sysfs_emit,
  sysfs_emit_at,
  sysfs_remove_file,
} from "../../src/linux.ts";

export interface StoreCall {
  count: number;
  text: string;
  nulAtCount: boolean;
}

/** What the attributes do; tests change it between system calls. */
export const ctl = {
  text: "hello\n",
  /** Overrides show's return value (e.g. -22, or 5000 after writing 5000 bytes). */
  showRet: null as number | null,
  showCalls: 0,
  storeRet: null as number | null,
  stores: [] as StoreCall[],
  visible: true,
  kobj: null as Kobject | null,
  bin: new Uint8Array(64).map((_, i) => i),
  /** show() also scribbles 0xaa over its page from byte 100 on, past what it returns. */
  scribble: false,
  /** Index of the first non-zero byte each show() found in the page it was given, or -1. */
  dirtySeen: [] as number[],
};

export function resetCtl(): void {
  ctl.text = "hello\n";
  ctl.showRet = null;
  ctl.showCalls = 0;
  ctl.storeRet = null;
  ctl.stores = [];
  ctl.visible = true;
  ctl.scribble = false;
  ctl.dirtySeen = [];
}

type Show = (kobj: Kobject, a: KobjAttribute, buf: Uint8Array) => number;
type Store = (kobj: Kobject, a: KobjAttribute, buf: Uint8Array, count: number) => number;

const show: Show = (_k, _a, buf) => {
  ctl.showCalls++;
  ctl.dirtySeen.push(buf.findIndex((b) => b !== 0));
  const n = sprintf(buf, "%s", ctl.text);
  if (ctl.scribble) buf.fill(0xaa, 100);
  return ctl.showRet ?? n;
};
const store: Store = (_k, _a, buf, count) => {
  let text = "";
  for (let i = 0; i < count; i++) text += String.fromCharCode(buf[i]);
  ctl.stores.push({ count, text, nulAtCount: buf.length > count && buf[count] === 0 });
  return ctl.storeRet ?? count;
};

export const contract_module: ModuleDefinition = {
  name: "sysfs_contract",
  license: "GPL",
  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ kobj: null as Kobject | null });
    const attrs = {
      rw: __ATTR("rw", 0o644, show, store),
      ro: __ATTR("ro", 0o444, show, null),
      wo: __ATTR("wo", 0o200, null, store),
      noshow: __ATTR("noshow", 0o644, null, store),
      nostore: __ATTR("nostore", 0o644, show, null),
      emit: __ATTR(
        "emit",
        0o444,
        ((_k, _a, buf) => sysfs_emit(buf, "%d:%s\n", 42, "x")) as Show,
        null,
      ),
      emit_at: __ATTR(
        "emit_at",
        0o444,
        ((_k, _a, buf) => {
          let n = sysfs_emit_at(buf, 0, "a");
          n += sysfs_emit_at(buf, n, "b\n");
          return n;
        }) as Show,
        null,
      ),
      emit_bad: __ATTR(
        "emit_bad",
        0o444,
        ((_k, _a, buf) => sysfs_emit(buf.subarray(1), "x")) as Show,
        null,
      ),
    };
    const grp: AttributeGroup = {
      name: "grp",
      attrs: [__ATTR("shown", 0o644, show, store), __ATTR("maybe", 0o644, show, store)],
      is_visible: (_kobj, attr, n) =>
        attr.name === "maybe" && !ctl.visible ? 0 : n === 0 ? 0o444 : attr.mode,
    };
    const bin: BinAttribute = {
      attr: { name: "blob", mode: 0o644 },
      size: 64,
      read: (_f, _k, _a, buf, off, count) => {
        buf.set(ctl.bin.subarray(off, off + count));
        return count;
      },
      write: (_f, _k, _a, buf, off, count) => {
        ctl.bin.set(buf.subarray(0, count), off);
        return count;
      },
    };
    return {
      init() {
        g.kobj = kobject_create_and_add("contract", kernel_kobj());
        if (!g.kobj) return -12;
        ctl.kobj = g.kobj;
        for (const a of Object.values(attrs)) {
          const err = sysfs_create_file(g.kobj, a);
          if (err) return err;
        }
        const e2 = sysfs_create_group(g.kobj, grp);
        if (e2) return e2;
        return sysfs_create_bin_file(g.kobj, bin);
      },
      exit() {
        kobject_put(g.kobj);
      },
    };
  },
};

/** Removes one attribute of /sys/kernel/contract (to cut off open files). */
export function removeAttr(name: string): void {
  sysfs_remove_file(ctl.kobj, { name, mode: 0 });
}
