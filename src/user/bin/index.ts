/**
 * The commands installed in the root filesystem: name → program, and where
 * each is installed. Each command lives in its own file under src/user/bin/.
 */

import { main as ioctl_llkd_userspace } from "../apps/ioctl_llkd_userspace.ts";
import { main as netlink_userapp } from "../apps/netlink_userapp.ts";
import type { ProgramMain } from "../libc/libc.ts";
import { bashMain, dashMain } from "../sh/index.ts";
import { main as awk } from "./awk/main.ts";
import { main as basename } from "./basename.ts";
import { main as cat } from "./cat.ts";
import { main as check } from "./check.ts";
import { main as chgrp } from "./chgrp.ts";
import { main as chmod } from "./chmod.ts";
import { main as chown } from "./chown.ts";
import { main as clear } from "./clear.ts";
import { main as cmp } from "./cmp.ts";
import { main as cp } from "./cp.ts";
import { main as cut } from "./cut.ts";
import { main as date } from "./date.ts";
import { main as dd } from "./dd.ts";
import { main as diff } from "./diff.ts";
import { main as dirname } from "./dirname.ts";
import { main as dmesg } from "./dmesg.ts";
import { main as echoMain } from "./echo.ts";
import { main as env } from "./env.ts";
import { main as find } from "./find.ts";
import { main as free } from "./free.ts";
import { main as genl } from "./genl/genl.ts";
import { main as grep } from "./grep.ts";
import { main as groups } from "./groups.ts";
import { main as head } from "./head.ts";
import { main as hexdump } from "./hexdump.ts";
import { main as hostname } from "./hostname.ts";
import { main as id } from "./id.ts";
import { main as ioctl } from "./ioctl.ts";
import { main as killMain } from "./kill.ts";
import { main as depmod } from "./kmod/depmod.ts";
import { main as insmod } from "./kmod/insmod.ts";
import { main as lsmod } from "./kmod/lsmod.ts";
import { main as modinfo } from "./kmod/modinfo.ts";
import { main as modprobe } from "./kmod/modprobe.ts";
import { main as rmmod } from "./kmod/rmmod.ts";
import { main as less } from "./less.ts";
import { main as ln } from "./ln.ts";
import { main as logger } from "./logger.ts";
import { main as ls } from "./ls.ts";
import { main as make } from "./make.ts";
import { main as mkdir } from "./mkdir.ts";
import { main as mknod } from "./mknod.ts";
import { main as more } from "./more.ts";
import { main as mount } from "./mount.ts";
import { main as mv } from "./mv.ts";
import { main as nl } from "./nl.ts";
import { main as nproc } from "./nproc.ts";
import { main as od } from "./od.ts";
import { main as printfMain } from "./printf.ts";
import { main as ps } from "./ps.ts";
import { main as pwd } from "./pwd.ts";
import { main as readlink } from "./readlink.ts";
import { main as realpath } from "./realpath.ts";
import { main as rev } from "./rev.ts";
import { main as rm } from "./rm.ts";
import { main as rmdir } from "./rmdir.ts";
import { main as sed } from "./sed.ts";
import { main as seq } from "./seq.ts";
import { main as sleep } from "./sleep.ts";
import { main as sort } from "./sort.ts";
import { main as stat } from "./stat.ts";
import { main as strace } from "./strace/main.ts";
import { main as strings } from "./strings.ts";
import { main as su } from "./sudo/su.ts";
import { main as sudo } from "./sudo/sudo.ts";
import { main as sync } from "./sync.ts";
import { main as tail } from "./tail.ts";
import { main as tee } from "./tee.ts";
import { main as touch } from "./touch.ts";
import { main as tr } from "./tr.ts";
import { main as tsc } from "./tsc.ts";
import { main as tty } from "./tty.ts";
import { main as udevadm } from "./udevadm.ts";
import { main as umount } from "./umount.ts";
import { main as uname } from "./uname.ts";
import { main as uniq } from "./uniq.ts";
import { main as uptime } from "./uptime.ts";
import { main as wc } from "./wc.ts";
import { main as which } from "./which.ts";
import { main as whoami } from "./whoami.ts";
import { main as xargs } from "./xargs.ts";
import { main as yes } from "./yes.ts";
import { main as zcat } from "./zcat.ts";

export interface CommandEntry {
  main: ProgramMain;
  /** Install paths; the first is the canonical one. */
  paths: string[];
  /** Mode of the installed file (sudo is set-user-ID root). */
  mode?: number;
}

const trueMain: ProgramMain = async () => 0;
const falseMain: ProgramMain = async () => 1;

export const commands: Record<string, CommandEntry> = {
  cat: { main: cat, paths: ["/bin/cat"] },
  ioctl: { main: ioctl, paths: ["/usr/bin/ioctl"] },
  ioctl_llkd_userspace: {
    main: ioctl_llkd_userspace,
    paths: ["/usr/local/bin/ioctl_llkd_userspace"],
  },
  netlink_userapp: { main: netlink_userapp, paths: ["/usr/local/bin/netlink_userapp"] },
  genl: { main: genl, paths: ["/sbin/genl"] },
  udevadm: { main: udevadm, paths: ["/bin/udevadm", "/sbin/udevadm"] },
  ls: { main: ls, paths: ["/bin/ls"] },
  dd: { main: dd, paths: ["/bin/dd"] },
  find: { main: find, paths: ["/usr/bin/find"] },
  hexdump: { main: hexdump, paths: ["/usr/bin/hexdump"] },
  od: { main: od, paths: ["/usr/bin/od"] },
  zcat: { main: zcat, paths: ["/bin/zcat"] },
  basename: { main: basename, paths: ["/usr/bin/basename"] },
  chgrp: { main: chgrp, paths: ["/bin/chgrp"] },
  chmod: { main: chmod, paths: ["/bin/chmod"] },
  chown: { main: chown, paths: ["/bin/chown"] },
  cp: { main: cp, paths: ["/bin/cp"] },
  dirname: { main: dirname, paths: ["/usr/bin/dirname"] },
  ln: { main: ln, paths: ["/bin/ln"] },
  mkdir: { main: mkdir, paths: ["/bin/mkdir"] },
  mknod: { main: mknod, paths: ["/bin/mknod"] },
  mv: { main: mv, paths: ["/bin/mv"] },
  pwd: { main: pwd, paths: ["/bin/pwd"] },
  readlink: { main: readlink, paths: ["/bin/readlink"] },
  realpath: { main: realpath, paths: ["/usr/bin/realpath"] },
  rm: { main: rm, paths: ["/bin/rm"] },
  rmdir: { main: rmdir, paths: ["/bin/rmdir"] },
  stat: { main: stat, paths: ["/usr/bin/stat"] },
  tee: { main: tee, paths: ["/usr/bin/tee"] },
  touch: { main: touch, paths: ["/bin/touch"] },
  insmod: { main: insmod, paths: ["/sbin/insmod"] },
  rmmod: { main: rmmod, paths: ["/sbin/rmmod"] },
  lsmod: { main: lsmod, paths: ["/bin/lsmod"] },
  modinfo: { main: modinfo, paths: ["/sbin/modinfo"] },
  modprobe: { main: modprobe, paths: ["/sbin/modprobe"] },
  depmod: { main: depmod, paths: ["/sbin/depmod"] },
  sudo: { main: sudo, paths: ["/usr/bin/sudo"], mode: 0o4755 },
  su: { main: su, paths: ["/bin/su"], mode: 0o4755 },
  dmesg: { main: dmesg, paths: ["/bin/dmesg"] },
  strace: { main: strace, paths: ["/usr/bin/strace"] },
  mount: { main: mount, paths: ["/bin/mount"], mode: 0o4755 },
  umount: { main: umount, paths: ["/bin/umount"], mode: 0o4755 },
  make: { main: make, paths: ["/usr/bin/make"] },
  tsc: { main: tsc, paths: ["/usr/bin/tsc"] },
  check: { main: check, paths: ["/usr/local/bin/check"] },
  grep: { main: grep, paths: ["/bin/grep"] },
  sed: { main: sed, paths: ["/bin/sed"] },
  head: { main: head, paths: ["/usr/bin/head"] },
  tail: { main: tail, paths: ["/usr/bin/tail"] },
  wc: { main: wc, paths: ["/usr/bin/wc"] },
  cut: { main: cut, paths: ["/usr/bin/cut"] },
  tr: { main: tr, paths: ["/usr/bin/tr"] },
  sort: { main: sort, paths: ["/usr/bin/sort"] },
  uniq: { main: uniq, paths: ["/usr/bin/uniq"] },
  echo: { main: echoMain, paths: ["/bin/echo"] },
  printf: { main: printfMain, paths: ["/usr/bin/printf"] },
  sleep: { main: sleep, paths: ["/bin/sleep"] },
  yes: { main: yes, paths: ["/usr/bin/yes"] },
  env: { main: env, paths: ["/usr/bin/env"] },
  date: { main: date, paths: ["/bin/date"] },
  uname: { main: uname, paths: ["/bin/uname"] },
  hostname: { main: hostname, paths: ["/bin/hostname"] },
  id: { main: id, paths: ["/usr/bin/id"] },
  whoami: { main: whoami, paths: ["/usr/bin/whoami"] },
  groups: { main: groups, paths: ["/usr/bin/groups"] },
  clear: { main: clear, paths: ["/usr/bin/clear"] },
  seq: { main: seq, paths: ["/usr/bin/seq"] },
  kill: { main: killMain, paths: ["/bin/kill"] },
  ps: { main: ps, paths: ["/bin/ps"] },
  tty: { main: tty, paths: ["/usr/bin/tty"] },
  nproc: { main: nproc, paths: ["/usr/bin/nproc"] },
  free: { main: free, paths: ["/usr/bin/free"] },
  uptime: { main: uptime, paths: ["/usr/bin/uptime"] },
  // Ubuntu 18.04: /usr/bin/awk -> /etc/alternatives/awk -> /usr/bin/mawk (mawk 1.3.3).
  awk: { main: awk, paths: ["/usr/bin/awk", "/usr/bin/mawk"] },
  which: { main: which, paths: ["/bin/which"] },
  xargs: { main: xargs, paths: ["/usr/bin/xargs"] },
  nl: { main: nl, paths: ["/usr/bin/nl"] },
  rev: { main: rev, paths: ["/usr/bin/rev"] },
  cmp: { main: cmp, paths: ["/usr/bin/cmp"] },
  diff: { main: diff, paths: ["/usr/bin/diff"] },
  strings: { main: strings, paths: ["/usr/bin/strings"] },
  more: { main: more, paths: ["/bin/more"] },
  less: { main: less, paths: ["/usr/bin/less"] },
  logger: { main: logger, paths: ["/usr/bin/logger"] },
  sync: { main: sync, paths: ["/bin/sync"] },
  // /bin/egrep and /bin/fgrep are scripts that run grep -E / grep -F (grep 3.1).
  egrep: { main: (a, e, l) => grep(["grep", "-E", ...a.slice(1)], e, l), paths: ["/bin/egrep"] },
  fgrep: { main: (a, e, l) => grep(["grep", "-F", ...a.slice(1)], e, l), paths: ["/bin/fgrep"] },
  true: { main: trueMain, paths: ["/bin/true"] },
  false: { main: falseMain, paths: ["/bin/false"] },
  bash: { main: bashMain, paths: ["/bin/bash"] },
  sh: { main: dashMain, paths: ["/bin/dash", "/bin/sh"] },
};
