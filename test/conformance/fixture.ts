/**
 * A deliberately wrong vkern, to prove the suite catches a wrong errno: lseek(2) with
 * SEEK_END answers ESPIPE where the kernel (seq_lseek) answers EINVAL. It sits between
 * the C library and vkern's system-call entry of the suite's processes only, so the
 * kernel under test is otherwise untouched.
 */

import { EINVAL, ESPIPE } from "../../src/include/uapi/errno.ts";
import type { PortFilter } from "./backend_vkern.ts";

const SEEK_END = 2;

export const flipSeekEndErrno: PortFilter = (name, args, ret) =>
  name === "lseek" && Number(args[2]) === SEEK_END && Number(ret) === -EINVAL ? -ESPIPE : ret;

export const fixtures: Record<string, PortFilter> = { "flip-errno": flipSeekEndErrno };
