/** The ioctls of /dev/random and /dev/urandom (include/uapi/linux/random.h). */
import { _IO, _IOR, _IOW } from "./ioctl.ts";

export const RNDGETENTCNT = _IOR("R", 0x00, 4);
export const RNDADDTOENTCNT = _IOW("R", 0x01, 4);
/** Still defined, but no longer handled by random_ioctl() (EINVAL). */
export const RNDGETPOOL = _IOR("R", 0x02, 8);
export const RNDADDENTROPY = _IOW("R", 0x03, 8);
export const RNDZAPENTCNT = _IO("R", 0x04);
export const RNDCLEARPOOL = _IO("R", 0x06);
export const RNDRESEEDCRNG = _IO("R", 0x07);
