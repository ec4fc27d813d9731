/**
 * The chapter's five demos as guided steps: what to type, and what the book shows on its
 * machine (Ubuntu 18.04, Linux 5.4). The commands and outputs are those of the acceptance
 * transcripts (../shared/transcripts/*.t); "…" marks what differs from run to run
 * (dates, timestamps, pids).
 */

export interface Step {
  /** What the step shows, in a sentence or two. */
  say: string;
  cmd: string;
  /** What the book's machine prints ("" for nothing). */
  expect?: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** The module the lesson loads; its source opens in the editor. */
  module: string;
  intro: string;
  steps: Step[];
}

const PROC = "/proc/procfs_simple_intf";
const SYSFS = "/sys/devices/platform/llkd_sysfs_simple_intf_device";
const DBG = "/sys/kernel/debug/dbgfs_simple_intf";

export const lessons: Lesson[] = [
  {
    id: "procfs",
    title: "procfs",
    module: "procfs_simple_intf",
    intro:
      "A module creates a directory under /proc with four files made with proc_create() and seq_file. Reading them runs the driver's show callbacks; writing runs its write method, which validates the value.",
    steps: [
      { say: "Load the module.", cmd: "sudo insmod procfs_simple_intf", expect: "" },
      {
        say: "Its proc directory: procfs files show size 0.",
        cmd: `ls -l ${PROC}`,
        expect:
          "total 0\n-rw-r--r-- 1 root root 0 … llkdproc_config1\n-rw-r--r-- 1 root root 0 … llkdproc_debug_level\n-r--r----- 1 root root 0 … llkdproc_show_drvctx\n-r--r--r-- 1 root root 0 … llkdproc_show_pgoff",
      },
      {
        say: "Read the debug level.",
        cmd: `cat ${PROC}/llkdproc_debug_level`,
        expect: "debug_level:0",
      },
      {
        say: "Only root may write it: use sudo with a shell for the redirection.",
        cmd: `sudo sh -c "echo 2 > ${PROC}/llkdproc_debug_level"`,
        expect: "",
      },
      { say: "The new value.", cmd: `cat ${PROC}/llkdproc_debug_level`, expect: "debug_level:2" },
      {
        say: "An out-of-range value is refused (the driver returns -EFAULT).",
        cmd: `sudo sh -c "echo 5 > ${PROC}/llkdproc_debug_level"`,
        expect: "sh: echo: I/O error",
      },
      {
        say: "The driver says why in the kernel log.",
        cmd: "dmesg | tail -n 1",
        expect:
          "[ …] procfs_simple_intf: trying to set invalid value for debug_level [allowed range: 0-2]; resetting to previous (2)",
      },
      {
        say: "A normal user may not write, not even through sh.",
        cmd: `echo 1 > ${PROC}/llkdproc_debug_level`,
        expect: `bash: ${PROC}/llkdproc_debug_level: Permission denied`,
      },
      {
        say: "The driver context is readable by root only (mode 0440).",
        cmd: `cat ${PROC}/llkdproc_show_drvctx`,
        expect: `cat: ${PROC}/llkdproc_show_drvctx: Permission denied`,
      },
      {
        say: "Set the level to 1 as root, then read the context as root.",
        cmd: `sudo sh -c "echo 1 > ${PROC}/llkdproc_debug_level"`,
        expect: "",
      },
      {
        say: "The whole drv_ctx structure, printed with seq_printf().",
        cmd: `sudo cat ${PROC}/llkdproc_show_drvctx`,
        expect:
          "prodname:procfs_simple_intf\ntx:0,rx:0,err:0,myword:0,power:1\nconfig1:0x1,config2:0x48524a5f,config3:0x424c0a52\noursecret:AhA xxx",
      },
      {
        say: "A file made with proc_create_single_data(): the kernel's PAGE_OFFSET.",
        cmd: `cat ${PROC}/llkdproc_show_pgoff`,
        expect: "procfs_simple_intf:PAGE_OFFSET:0xffff888000000000",
      },
      {
        say: "config1 follows the debug level.",
        cmd: `cat ${PROC}/llkdproc_config1`,
        expect: "procfs_simple_intf:config1:1,0x1",
      },
      {
        say: "Unload: the directory goes with it.",
        cmd: "sudo rmmod procfs_simple_intf",
        expect: "",
      },
      {
        say: "Gone.",
        cmd: `ls ${PROC}`,
        expect: `ls: cannot access '${PROC}': No such file or directory`,
      },
    ],
  },
  {
    id: "sysfs",
    title: "sysfs",
    module: "sysfs_simple_intf",
    intro:
      "A platform device registered with platform_device_register_simple() gets a directory under /sys/devices/platform/ from the driver core; the module adds three attributes with device_create_file().",
    steps: [
      { say: "Load the module.", cmd: "sudo insmod sysfs_simple_intf", expect: "" },
      {
        say: "The device's directory: the driver core's files and the module's three attributes (sysfs files show size 4096).",
        cmd: `ls -l ${SYSFS}/`,
        expect:
          "total 0\n-rw-r--r-- 1 root root 4096 … driver_override\n-rw-r--r-- 1 root root 4096 … llkdsysfs_debug_level\n-r--r--r-- 1 root root 4096 … llkdsysfs_pgoff\n-r--r--r-- 1 root root 4096 … llkdsysfs_pressure\n-r--r--r-- 1 root root 4096 … modalias\ndrwxr-xr-x 2 root root    0 … power\nlrwxrwxrwx 1 root root    0 … subsystem -> ../../../bus/platform\n-rw-r--r-- 1 root root 4096 … uevent",
      },
      { say: "Go there.", cmd: `cd ${SYSFS}`, expect: "" },
      { say: "Read the debug level (show method).", cmd: "cat llkdsysfs_debug_level", expect: "0" },
      {
        say: "Write it as root (store method).",
        cmd: 'sudo sh -c "echo 2 > llkdsysfs_debug_level"',
        expect: "",
      },
      { say: "The new value.", cmd: "cat llkdsysfs_debug_level", expect: "2" },
      { say: "A value printed without a newline.", cmd: "cat llkdsysfs_pressure", expect: "25" },
      {
        say: "The driver core's modalias.",
        cmd: "cat modalias",
        expect: "platform:llkd_sysfs_simple_intf_device",
      },
      { say: "The device's bus.", cmd: "readlink subsystem", expect: "../../../bus/platform" },
      {
        say: "The bus lists the device too.",
        cmd: "ls /sys/bus/platform/devices | grep llkd",
        expect: "llkd_sysfs_simple_intf_device",
      },
      { say: "Back home, and unload.", cmd: "cd ~ && sudo rmmod sysfs_simple_intf", expect: "" },
      {
        say: "The device is gone.",
        cmd: `ls ${SYSFS}`,
        expect: `ls: cannot access '${SYSFS}': No such file or directory`,
      },
    ],
  },
  {
    id: "debugfs",
    title: "debugfs",
    module: "debugfs_simple_intf",
    intro:
      "debugfs is root's: /sys/kernel/debug is mode 0700. The module makes a generic file and a u32 file with debugfs_create_u32(), which does no validation. Then it is loaded with cause_an_oops=1, which skips the cleanup: touching the files after rmmod is a use-after-free, and the kernel Oopses.",
    steps: [
      { say: "Load the module.", cmd: "sudo insmod debugfs_simple_intf", expect: "" },
      {
        say: "A normal user cannot even look.",
        cmd: `ls -l ${DBG}`,
        expect: `ls: cannot access '${DBG}': Permission denied`,
      },
      {
        say: "Root can.",
        cmd: `sudo ls -l ${DBG}`,
        expect:
          "total 0\n-rw-r--r-- 1 root root 0 … llkd_dbgfs_debug_level\n-r--r----- 1 root root 0 … llkd_dbgfs_show_drvctx",
      },
      {
        say: "Each read sets config3 to jiffies.",
        cmd: `sudo cat ${DBG}/llkd_dbgfs_show_drvctx`,
        expect:
          "prodname:dbgfs_simple_intf\ntx:0,rx:0,err:0,myword:0,power:1\nconfig1:0x0,config2:0x48524a5f,config3:0x… (…)\noursecret:AhA yyy",
      },
      { say: "The u32 helper file.", cmd: `sudo cat ${DBG}/llkd_dbgfs_debug_level`, expect: "0" },
      {
        say: "No validation: 5 is accepted.",
        cmd: `sudo sh -c "echo 5 > ${DBG}/llkd_dbgfs_debug_level"`,
        expect: "",
      },
      { say: "See?", cmd: `sudo cat ${DBG}/llkd_dbgfs_debug_level`, expect: "5" },
      { say: "Unload cleanly.", cmd: "sudo rmmod debugfs_simple_intf", expect: "" },
      {
        say: "Now load it with the bug switched on.",
        cmd: "sudo insmod debugfs_simple_intf cause_an_oops=1",
        expect: "",
      },
      {
        say: "The files work while it is loaded.",
        cmd: `sudo cat ${DBG}/llkd_dbgfs_debug_level`,
        expect: "0",
      },
      { say: "Unload: the files stay behind.", cmd: "sudo rmmod debugfs_simple_intf", expect: "" },
      {
        say: "Read one: the kernel faults in debugfs_u32_get(), kills the reader and logs an Oops (see the kernel log pane).",
        cmd: `sudo cat ${DBG}/llkd_dbgfs_debug_level`,
        expect: "Killed",
      },
      {
        say: "The heart of the Oops report: the bad address, the Oops line, the process, where it faulted.",
        cmd: "dmesg | grep -E 'BUG:|Oops:|Comm:|RIP: 0010' | head -n 4",
        expect:
          "[ …] BUG: unable to handle page fault for address: …\n[ …] Oops: 0000 [#1] SMP PTI\n[ …] CPU: 0 PID: … Comm: cat Tainted: G           O      5.4.0-llkd01 #1\n[ …] RIP: 0010:debugfs_u32_get+0x…/0x…",
      },
      {
        say: "The kernel lives on, tainted: D (a process died in the kernel, 128) and O (out-of-tree modules, 4096).",
        cmd: "cat /proc/sys/kernel/tainted",
        expect: "4224",
      },
    ],
  },
  {
    id: "netlink",
    title: "netlink",
    module: "netlink_simple_intf",
    intro:
      "A kernel netlink socket on protocol 31: the user program sends a message, the module's input callback logs it in the sender's process context and unicasts a reply.",
    steps: [
      {
        say: "Without the module, protocol 31 does not exist.",
        cmd: "netlink_userapp",
        expect: "netlink_u: netlink socket creation failed: Protocol not supported",
      },
      {
        say: "strace shows the failing socket() call.",
        cmd: "strace -e trace=network netlink_userapp 2>&1 | head -n 1",
        expect:
          "socket(AF_NETLINK, SOCK_RAW, 0x1f /* NETLINK_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)",
      },
      { say: "Load the module.", cmd: "sudo insmod netlink_simple_intf", expect: "" },
      {
        say: "It is listed.",
        cmd: "lsmod | grep netlink_simple_intf",
        expect: "netlink_simple_intf    …  0",
      },
      {
        say: "Now the exchange works.",
        cmd: "netlink_userapp",
        expect:
          'netlink_userapp:PID …: netlink socket created\nnetlink_userapp: bind done\nnetlink_userapp: destination struct, netlink hdr, payload setup\nnetlink_userapp: initialized iov structure (nl header folded in)\nnetlink_userapp: initialized msghdr structure (iov folded in)\nnetlink_userapp:sendmsg(): *** success, sent 1040 bytes all-inclusive\n (see kernel log for dtl)\nnetlink_userapp: now blocking on kernel netlink msg via recvmsg() ...\nnetlink_userapp:recvmsg(): *** success, received 44 bytes:\nmsg from kernel netlink: "Reply from kernel netlink"',
      },
      {
        say: "The kernel side of it.",
        cmd: "dmesg | grep -A1 'received from PID'",
        expect:
          '[ …] netlink_simple_intf: received from PID …:\n               "sample user data to send to kernel via netlink"',
      },
      { say: "Unload.", cmd: "sudo rmmod netlink_simple_intf", expect: "" },
    ],
  },
  {
    id: "ioctl",
    title: "ioctl",
    module: "ioctl_llkd_kdrv",
    intro:
      "A raw character driver with a dynamic major number and three ioctl commands (magic 0xA8): reset, query power, set power. Querying and setting need CAP_SYS_ADMIN.",
    steps: [
      { say: "Load the driver.", cmd: "sudo insmod ioctl_llkd_kdrv", expect: "" },
      {
        say: "Its major number is in /proc/devices.",
        cmd: "grep ioctl_llkd_kdrv /proc/devices",
        expect: "… ioctl_llkd_kdrv",
      },
      {
        say: "The book's script makes the device node from it.",
        cmd: "sudo cr8devnode.sh > /dev/null",
        expect: "",
      },
      {
        say: "The node.",
        cmd: "ls -l /dev/ioctl_llkd_kdrv",
        expect: "crw-r--r-- 1 root root …, 0 … /dev/ioctl_llkd_kdrv",
      },
      {
        say: "Reset, query and toggle the power (it sleeps 3 s before switching off).",
        cmd: "sudo ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
        expect:
          "device opened: fd=3\n(FYI, IOCTL_LLKD_IOCRESET = 0xa800 IOCTL_LLKD_IOCQPOWER= 0x8004a801 IOCTL_LLKD_IOCSPOWER=0x4004a802)\nioctl_llkd_userspace: device reset.\nioctl_llkd_userspace: power=1\nioctl_llkd_userspace: Device ON, powering it OFF in 3s ...\nioctl_llkd_userspace: power OFF ok, exiting..",
      },
      {
        say: "Again: the power was off, so now it goes on.",
        cmd: "sudo ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
        expect:
          "device opened: fd=3\n(FYI, IOCTL_LLKD_IOCRESET = 0xa800 IOCTL_LLKD_IOCQPOWER= 0x8004a801 IOCTL_LLKD_IOCSPOWER=0x4004a802)\nioctl_llkd_userspace: device reset.\nioctl_llkd_userspace: power=0\nioctl_llkd_userspace: Device OFF, powering it On now ...\nioctl_llkd_userspace: power is ON now.",
      },
      {
        say: "A normal user cannot open the node (mode 0644).",
        cmd: "ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
        expect: "open: Permission denied",
      },
      { say: "Let everyone open it.", cmd: "sudo chmod 666 /dev/ioctl_llkd_kdrv", expect: "" },
      {
        say: "Opening works now, but querying power needs CAP_SYS_ADMIN.",
        cmd: "ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
        expect:
          "device opened: fd=3\n(FYI, IOCTL_LLKD_IOCRESET = 0xa800 IOCTL_LLKD_IOCQPOWER= 0x8004a801 IOCTL_LLKD_IOCSPOWER=0x4004a802)\nioctl_llkd_userspace: device reset.\nioctl IOCTL_LLKD_IOCQPOWER failed: Operation not permitted",
      },
      {
        say: "A file whose driver has no ioctl method answers ENOTTY.",
        cmd: "ioctl /dev/null 0xa800",
        expect: "ioctl: /dev/null: 0xa800: ENOTTY (Inappropriate ioctl for device)",
      },
    ],
  },
];

/** The chapter's exercises (statements abridged from the chapter's "Questions"). */
export const exercises: { name: string; title: string; summary: string }[] = [
  {
    name: "sysfs_on_misc",
    title: "sysfs on a misc device",
    summary:
      "A misc driver with two sysfs files and their show/store callbacks, tested from user space.",
  },
  {
    name: "sysfs_addrxlate",
    title: "Address translation in sysfs",
    summary:
      "A platform driver with addrxlate_kva2pa and addrxlate_pa2kva: write an address, read back its translation over the direct map; reject addresses out of range.",
  },
  {
    name: "dbgfs_disp_pgoff",
    title: "PAGE_OFFSET in debugfs",
    summary: "<debugfs>/dbgfs_disp_pgoff shows the kernel's PAGE_OFFSET.",
  },
  {
    name: "dbgfs_showall_threads",
    title: "Every thread, in debugfs",
    summary:
      "<debugfs>/dbgfs_showall_threads/dbgfs_showall_threads prints every thread alive as CSV: TGID, PID, current, stack-start, name, #threads (kernel threads in brackets).",
  },
  {
    name: "ioctl_pgoff",
    title: "PAGE_OFFSET by ioctl",
    summary: "Add an IOCTL_LLKD_IOCQPGOFF command that returns PAGE_OFFSET to user space.",
  },
  {
    name: "ioctl_undoc",
    title: "An undocumented ioctl",
    summary:
      "A hidden IOCTL_LLKD_IOCQDRVSTAT that returns the whole driver context to a user program, which prints every member.",
  },
];
