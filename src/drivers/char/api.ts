/**
 * The character-device part of the driver API (what src/linux.ts exports): device numbers,
 * cdevs, misc devices, and block majors for /proc/devices.
 */
export { register_blkdev, unregister_blkdev } from "../../block/genhd.ts";
export {
  __register_chrdev,
  __unregister_chrdev,
  alloc_chrdev_region,
  type Cdev,
  cdev_add,
  cdev_alloc,
  cdev_del,
  cdev_init,
  type DevTRef,
  imajor,
  iminor,
  register_chrdev,
  register_chrdev_region,
  unregister_chrdev,
  unregister_chrdev_region,
} from "../../fs/char_dev.ts";
export {
  MISC_DYNAMIC_MINOR,
  MISC_MAJOR,
  misc_deregister,
  misc_register,
  type miscdevice,
} from "./misc.ts";
