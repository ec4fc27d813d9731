/*
 * sysfs_addrxlate: reference solution of the chapter's sysfs assignment #2 (address
 * translation over the kernel's direct map of RAM).
 *
 * A (dummy) platform device, llkd_sysfs_addrxlate, with two sysfs files:
 *   addrxlate_kva2pa  write a kernel virtual address (direct-mapped RAM); read its
 *                     physical address back
 *   addrxlate_pa2kva  write a physical address (in RAM); read its direct-map kva back
 * Addresses outside the direct map / RAM are rejected with EFAULT, as the book's code does.
 */
import {
  __pa,
  __va,
  DEFINE_MUTEX,
  DEVICE_ATTR_RW,
  type Device,
  type DeviceAttribute,
  device_create_file,
  device_remove_file,
  EFAULT,
  EINVAL,
  ERESTARTSYS,
  IS_ERR,
  kstrtoull,
  type ModuleDefinition,
  mutex_lock_interruptible,
  mutex_unlock,
  PAGE_SHIFT,
  type PlatformDevice,
  PTR_ERR,
  pfn_valid,
  platform_device_register_simple,
  platform_device_unregister,
  pr_info,
  snprintf,
  virt_addr_valid,
} from "../../../linux.ts";

const OURMODNAME = "sysfs_addrxlate";
const PLAT_NAME = "llkd_sysfs_addrxlate";
const ADDR_MAXLEN = 20;

const sysfs_addrxlate: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: sysfs interface to translate direct-mapped addresses",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE) {
    const mtx = DEFINE_MUTEX("mtx");
    const g = THIS_MODULE.static({
      pdev: null as PlatformDevice | null,
      xlated_kva2pa: 0n,
      xlated_pa2kva: 0n,
    });

    /** Parses the written address: at most ADDR_MAXLEN bytes, base 0 (0x... is hex). */
    function parse_addr(buf: Uint8Array, count: number): { err: number; value: bigint } {
      if (count === 0 || count > ADDR_MAXLEN) return { err: -EINVAL, value: 0n };
      const r = kstrtoull(buf.subarray(0, count), 0);
      return r.err ? { err: r.err, value: 0n } : { err: 0, value: r.value };
    }

    function addrxlate_kva2pa_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array) {
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      const n = snprintf(buf, ADDR_MAXLEN, "0x%px\n", g.xlated_kva2pa);
      mutex_unlock(mtx);
      return n;
    }

    function addrxlate_kva2pa_store(
      _dev: Device,
      _attr: DeviceAttribute,
      buf: Uint8Array,
      count: number,
    ): number {
      const a = parse_addr(buf, count);
      if (a.err) return a.err;
      /* only kernel direct-mapped RAM (lowmem) locations are valid */
      if (!virt_addr_valid(a.value)) {
        pr_info(
          "invalid virtual address (0x%px), must be a direct-mapped kernel address\n",
          a.value,
        );
        return -EFAULT;
      }
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.xlated_kva2pa = __pa(a.value);
      pr_info("KVA 0x%px = pa 0x%px\n", a.value, g.xlated_kva2pa);
      mutex_unlock(mtx);
      return count;
    }

    function addrxlate_pa2kva_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array) {
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      const n = snprintf(buf, ADDR_MAXLEN, "0x%px\n", g.xlated_pa2kva);
      mutex_unlock(mtx);
      return n;
    }

    function addrxlate_pa2kva_store(
      _dev: Device,
      _attr: DeviceAttribute,
      buf: Uint8Array,
      count: number,
    ): number {
      const a = parse_addr(buf, count);
      if (a.err) return a.err;
      if (!pfn_valid(a.value >> BigInt(PAGE_SHIFT))) {
        pr_info("invalid physical address (0x%px): not in RAM\n", a.value);
        return -EFAULT;
      }
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.xlated_pa2kva = __va(a.value);
      pr_info("pa 0x%px = KVA 0x%px\n", a.value, g.xlated_pa2kva);
      mutex_unlock(mtx);
      return count;
    }

    const dev_attr_kva2pa = DEVICE_ATTR_RW(
      "addrxlate_kva2pa",
      addrxlate_kva2pa_show,
      addrxlate_kva2pa_store,
    );
    const dev_attr_pa2kva = DEVICE_ATTR_RW(
      "addrxlate_pa2kva",
      addrxlate_pa2kva_show,
      addrxlate_pa2kva_store,
    );

    function sysfs_addrxlate_init(): number {
      const pdev = platform_device_register_simple(PLAT_NAME, -1, null, 0);
      if (IS_ERR(pdev)) {
        pr_info("error (%d) registering our platform device, aborting\n", PTR_ERR(pdev));
        return PTR_ERR(pdev);
      }
      g.pdev = pdev;
      let stat = device_create_file(pdev.dev, dev_attr_kva2pa);
      if (stat) {
        platform_device_unregister(pdev);
        return stat;
      }
      stat = device_create_file(pdev.dev, dev_attr_pa2kva);
      if (stat) {
        device_remove_file(pdev.dev, dev_attr_kva2pa);
        platform_device_unregister(pdev);
        return stat;
      }
      pr_info("initialized\n");
      return 0;
    }

    function sysfs_addrxlate_cleanup(): void {
      const pdev = g.pdev!;
      device_remove_file(pdev.dev, dev_attr_pa2kva);
      device_remove_file(pdev.dev, dev_attr_kva2pa);
      platform_device_unregister(pdev);
      pr_info("removed\n");
    }

    return { init: sysfs_addrxlate_init, exit: sysfs_addrxlate_cleanup };
  },
};

export default sysfs_addrxlate;
