/** include/uapi/linux/capability.h: the capability numbers vkern checks. */
export const CAP_CHOWN = 0;
export const CAP_DAC_OVERRIDE = 1;
export const CAP_DAC_READ_SEARCH = 2;
export const CAP_FOWNER = 3;
export const CAP_FSETID = 4;
export const CAP_KILL = 5;
export const CAP_SETGID = 6;
export const CAP_SETUID = 7;
export const CAP_NET_ADMIN = 12;
export const CAP_NET_RAW = 13;
export const CAP_SYS_MODULE = 16;
export const CAP_SYS_RAWIO = 17;
export const CAP_SYS_ADMIN = 21;
export const CAP_SYS_BOOT = 22;
export const CAP_SYS_RESOURCE = 24;
export const CAP_MKNOD = 27;
export const CAP_SYSLOG = 34;
export const CAP_LAST_CAP = 40;

/** All capabilities of a 5.4 kernel (0..CAP_LAST_CAP), as root holds them. */
export const CAP_FULL_SET = (1n << BigInt(CAP_LAST_CAP + 1)) - 1n;
export const CAP_EMPTY_SET = 0n;

/** Credentials of a task (include/linux/cred.h, the parts vkern uses). */
export interface Cred {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  groups: number[];
  cap_effective: bigint;
  cap_permitted: bigint;
}

/** Credentials for a user: root holds every capability, others none (no file caps). */
export function makeCred(uid: number, gid: number, groups: number[]): Cred {
  const caps = uid === 0 ? CAP_FULL_SET : CAP_EMPTY_SET;
  return {
    uid,
    gid,
    euid: uid,
    egid: gid,
    suid: uid,
    sgid: gid,
    fsuid: uid,
    fsgid: gid,
    groups: [...groups],
    cap_effective: caps,
    cap_permitted: caps,
  };
}

/** The bit of each capability, made once: BigInt shifts on every check were measurable. */
const CAP_BITS: bigint[] = Array.from({ length: 64 }, (_, i) => 1n << BigInt(i));

export function cred_has_cap(cred: Cred, cap: number): boolean {
  const bit = CAP_BITS[cap];
  return bit !== undefined && (cred.cap_effective & bit) !== 0n;
}

export function in_group_p(cred: Cred, gid: number): boolean {
  return cred.fsgid === gid || cred.groups.includes(gid);
}
