/**
 * The device numbers a stock Ubuntu 18.04 VM with a 5.4 kernel has registered by the time a
 * user logs in (its /proc/devices), as real registrations: a driver loaded later gets the
 * dynamic major Linux would give it there, and a fixed major already taken answers EBUSY.
 * There are no drivers behind them: opening such a node fails with ENXIO, as chrdev_open()
 * does for numbers no cdev covers. Ranges follow each driver's registration call.
 */
import { register_blkdev } from "../../block/genhd.ts";
import { alloc_chrdev_region, register_chrdev_region } from "../../fs/char_dev.ts";
import { MINORMASK, MKDEV } from "../../include/uapi/stat.ts";

/** Fixed majors: [major, first minor, count, name] (mem and misc register themselves). */
const FIXED: [number, number, number, string][] = [
  [4, 0, 1, "/dev/vc/0"], // vty_init()
  [4, 1, 63, "tty"], // the console tty_driver, MAX_NR_CONSOLES
  [4, 64, 32, "ttyS"], // serial8250, CONFIG_SERIAL_8250_RUNTIME_UARTS
  [5, 0, 1, "/dev/tty"],
  [5, 1, 1, "/dev/console"],
  [5, 2, 1, "/dev/ptmx"],
  [7, 0, 256, "vcs"],
  [13, 0, 1024, "input"], // INPUT_MAX_CHAR_DEVICES
  [21, 0, 32768, "sg"], // SG_MAX_DEVS
  [29, 0, 256, "fb"],
  [89, 0, MINORMASK + 1, "i2c"],
  [108, 0, 256, "ppp"],
  [128, 0, MINORMASK + 1, "ptm"], // NR_UNIX98_PTY_MAX
  [136, 0, MINORMASK + 1, "pts"],
  [180, 0, 256, "usb"],
  [189, 0, 8192, "usb_device"], // USB_DEVICE_MAX
  [204, 209, 16, "ttyMAX"], // max310x
  [226, 0, 256, "drm"],
];

/**
 * Dynamic majors in the order the VM's drivers asked for them (built-ins by initcall
 * level, then the modules udev loads on a VirtualBox guest): they come out as 254 down to
 * 241, so the next dynamic char major is 240.
 */
const DYNAMIC: [number, string][] = [
  [256, "gpiochip"],
  [2 * 65536, "tpm"],
  [256, "ndctl"],
  [256, "dimmctl"],
  [MINORMASK + 1, "dax"],
  [16, "rtc"],
  [16, "pps"],
  [MINORMASK + 1, "ptp"],
  [32, "watchdog"],
  [32768, "bsg"],
  [MINORMASK + 1, "vfio"],
  [64, "hidraw"],
  [256, "aux"],
  [256, "cec"],
];

/** Block majors in registration order; md's "mdp" and device-mapper ask for dynamic ones. */
const BLOCK: [number, string][] = [
  [259, "blkext"],
  [7, "loop"],
  [9, "md"],
  [0, "mdp"],
  [0, "device-mapper"],
  [8, "sd"],
  [65, "sd"],
  [66, "sd"],
  [67, "sd"],
  [68, "sd"],
  [69, "sd"],
  [70, "sd"],
  [71, "sd"],
  [128, "sd"],
  [129, "sd"],
  [130, "sd"],
  [131, "sd"],
  [132, "sd"],
  [133, "sd"],
  [134, "sd"],
  [135, "sd"],
  [11, "sr"],
];

/** Registers the stock numbers (runs as kernel code during boot). */
export function register_boot_devices(): void {
  for (const [major, minor, count, name] of FIXED)
    register_chrdev_region(MKDEV(major, minor), count, name);
  for (const [count, name] of DYNAMIC) alloc_chrdev_region({ value: 0 }, 0, count, name);
  for (const [major, name] of BLOCK) register_blkdev(major, name);
}
