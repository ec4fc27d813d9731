/**
 * snprintf/scnprintf/sprintf into kernel buffers (src/fs/sysfs/kbuf.ts): what lands in the
 * buffer, the NUL, and the return value, on the ASCII fast path and the UTF-8 path alike.
 */
import { describe, expect, it } from "vitest";
import { scnprintf, snprintf, sprintf } from "../../src/fs/sysfs/kbuf.ts";

/** A 16-byte buffer pre-filled with 0xee, so untouched bytes show. */
const fresh = () => new Uint8Array(16).fill(0xee);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("kernel buffer formatting", () => {
  // [function, size, text, return value, buffer afterwards]
  const cases: [string, number, string, number, string][] = [
    ["snprintf", 16, "ab", 2, `616200${"ee".repeat(13)}`],
    ["snprintf", 3, "abcdef", 6, `616200${"ee".repeat(13)}`],
    ["snprintf", 1, "abc", 3, `00${"ee".repeat(15)}`],
    ["snprintf", 0, "abc", 3, "ee".repeat(16)],
    ["snprintf", 0, "é", 2, "ee".repeat(16)],
    ["snprintf", 16, "é!", 3, `c3a92100${"ee".repeat(12)}`],
    ["snprintf", 3, "aé", 3, `61c300${"ee".repeat(13)}`],
    ["scnprintf", 16, "ab", 2, `616200${"ee".repeat(13)}`],
    ["scnprintf", 3, "abcdef", 2, `616200${"ee".repeat(13)}`],
    ["scnprintf", 0, "abc", 0, "ee".repeat(16)],
    ["scnprintf", 3, "aé", 2, `61c300${"ee".repeat(13)}`],
    ["scnprintf", 64, "x".repeat(20), 15, `${"78".repeat(15)}00`],
    ["sprintf", 0, "abc", 3, `61626300${"ee".repeat(12)}`],
    ["sprintf", 0, "é", 2, `c3a900${"ee".repeat(13)}`],
    ["sprintf", 0, "x".repeat(20), 20, `${"78".repeat(15)}00`],
  ];
  it.each(cases)("%s(size %i, %j) returns %i", (fn, size, text, ret, after) => {
    const buf = fresh();
    const r =
      fn === "snprintf"
        ? snprintf(buf, size, "%s", text)
        : fn === "scnprintf"
          ? scnprintf(buf, size, "%s", text)
          : sprintf(buf, "%s", text);
    expect(r).toBe(ret);
    expect(hex(buf)).toBe(after);
  });
});
