/**
 * strncpy()/strnlen() of the netlink API, as lib/string.c does them on UTF-8 bytes:
 * at most n bytes copied, the rest of n NUL-padded, a multi-byte character counted in bytes.
 */
import { describe, expect, it } from "vitest";
import { strncpy, strnlen } from "../../src/net/netlink/api.ts";

const bytes = (s: string, n: number, size = 8) => [
  ...strncpy(new Uint8Array(size).fill(0xee), s, n),
];

describe("strncpy / strnlen", () => {
  it.each([
    ["ab", 4, [0x61, 0x62, 0, 0, 0xee, 0xee, 0xee, 0xee]],
    ["abcdef", 3, [0x61, 0x62, 0x63, 0xee, 0xee, 0xee, 0xee, 0xee]],
    ["", 2, [0, 0, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]],
    ["aé", 4, [0x61, 0xc3, 0xa9, 0, 0xee, 0xee, 0xee, 0xee]],
    ["é", 1, [0xc3, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]],
    ["ab✓", 8, [0x61, 0x62, 0xe2, 0x9c, 0x93, 0, 0, 0]],
  ] as const)("strncpy(dest, %j, %i)", (s, n, want) => {
    expect(bytes(s, n)).toEqual(want);
  });

  it("never writes past the destination", () => {
    expect(bytes("abcdef", 10, 4)).toEqual([0x61, 0x62, 0x63, 0x64]);
    expect(bytes("é✓", 10, 4)).toEqual([0xc3, 0xa9, 0xe2, 0x9c]);
  });

  it.each([
    ["Reply from kernel netlink", 1024, 25],
    ["abc", 2, 2],
    ["é✓", 1024, 5],
    ["é✓", 4, 4],
  ] as const)("strnlen(%j, %i) = %i", (s, max, want) => {
    expect(strnlen(s, max)).toBe(want);
  });
});
