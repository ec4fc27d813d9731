/**
 * Every vector of Linux lib/test-kstrtox.c (torvalds/linux, the version that also tests
 * kstrtoudec64()/kstrtodec64()), table for table, plus kstrtobool(), simple_strto*() and
 * property tests. Each test_*_ok table entry is [str, base, expected], each test_*_fail
 * entry is [str, base]; the kernel module only checks "rv < 0" for failures, so do we.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  _parse_integer,
  _parse_integer_fixup_radix,
  KSTRTOX_OVERFLOW,
  type KstrtoxResult,
  kstrtobool,
  kstrtodec64,
  kstrtoint,
  kstrtol,
  kstrtoll,
  kstrtos8,
  kstrtos16,
  kstrtos32,
  kstrtos64,
  kstrtou8,
  kstrtou16,
  kstrtou32,
  kstrtou64,
  kstrtoudec64,
  kstrtouint,
  kstrtoul,
  kstrtoull,
  simple_strtol,
  simple_strtoll,
  simple_strtoul,
  simple_strtoull,
} from "../../src/lib/kstrtox.ts";

const EINVAL = 22;
const ERANGE = 34;

type Ok<T> = readonly [string, number, T];
type Fail = readonly [string, number];
type Fn<T> = (s: string, base: number) => KstrtoxResult<T>;

function runOk<T>(name: string, fn: Fn<T>, table: readonly Ok<T>[]): void {
  it.each(table)(`${name}(%j, %i) = %s`, (str, base, expected) => {
    expect(fn(str, base)).toEqual({ err: 0, value: expected });
  });
}

function runFail<T>(name: string, fn: Fn<T>, table: readonly Fail[]): void {
  it.each(table)(`${name}(%j, %i) fails`, (str, base) => {
    const r = fn(str, base);
    expect(r.err).toBeLessThan(0);
    expect("value" in r).toBe(false);
  });
}

// ---- test_kstrtoull_ok / test_kstrtoull_fail ----
const test_ull_ok: Ok<bigint>[] = [
  ["0", 10, 0n],
  ["1", 10, 1n],
  ["127", 10, 127n],
  ["128", 10, 128n],
  ["129", 10, 129n],
  ["255", 10, 255n],
  ["256", 10, 256n],
  ["257", 10, 257n],
  ["32767", 10, 32767n],
  ["32768", 10, 32768n],
  ["32769", 10, 32769n],
  ["65535", 10, 65535n],
  ["65536", 10, 65536n],
  ["65537", 10, 65537n],
  ["2147483647", 10, 2147483647n],
  ["2147483648", 10, 2147483648n],
  ["2147483649", 10, 2147483649n],
  ["4294967295", 10, 4294967295n],
  ["4294967296", 10, 4294967296n],
  ["4294967297", 10, 4294967297n],
  ["9223372036854775807", 10, 9223372036854775807n],
  ["9223372036854775808", 10, 9223372036854775808n],
  ["9223372036854775809", 10, 9223372036854775809n],
  ["18446744073709551614", 10, 18446744073709551614n],
  ["18446744073709551615", 10, 18446744073709551615n],

  ["00", 8, 0o0n],
  ["01", 8, 0o1n],
  ["0177", 8, 0o177n],
  ["0200", 8, 0o200n],
  ["0201", 8, 0o201n],
  ["0377", 8, 0o377n],
  ["0400", 8, 0o400n],
  ["0401", 8, 0o401n],
  ["077777", 8, 0o77777n],
  ["0100000", 8, 0o100000n],
  ["0100001", 8, 0o100001n],
  ["0177777", 8, 0o177777n],
  ["0200000", 8, 0o200000n],
  ["0200001", 8, 0o200001n],
  ["017777777777", 8, 0o17777777777n],
  ["020000000000", 8, 0o20000000000n],
  ["020000000001", 8, 0o20000000001n],
  ["037777777777", 8, 0o37777777777n],
  ["040000000000", 8, 0o40000000000n],
  ["040000000001", 8, 0o40000000001n],
  ["0777777777777777777777", 8, 0o777777777777777777777n],
  ["01000000000000000000000", 8, 0o1000000000000000000000n],
  ["01000000000000000000001", 8, 0o1000000000000000000001n],
  ["01777777777777777777776", 8, 0o1777777777777777777776n],
  ["01777777777777777777777", 8, 0o1777777777777777777777n],

  ["0x0", 16, 0x0n],
  ["0x1", 16, 0x1n],
  ["0x7f", 16, 0x7fn],
  ["0x80", 16, 0x80n],
  ["0x81", 16, 0x81n],
  ["0xff", 16, 0xffn],
  ["0x100", 16, 0x100n],
  ["0x101", 16, 0x101n],
  ["0x7fff", 16, 0x7fffn],
  ["0x8000", 16, 0x8000n],
  ["0x8001", 16, 0x8001n],
  ["0xffff", 16, 0xffffn],
  ["0x10000", 16, 0x10000n],
  ["0x10001", 16, 0x10001n],
  ["0x7fffffff", 16, 0x7fffffffn],
  ["0x80000000", 16, 0x80000000n],
  ["0x80000001", 16, 0x80000001n],
  ["0xffffffff", 16, 0xffffffffn],
  ["0x100000000", 16, 0x100000000n],
  ["0x100000001", 16, 0x100000001n],
  ["0x7fffffffffffffff", 16, 0x7fffffffffffffffn],
  ["0x8000000000000000", 16, 0x8000000000000000n],
  ["0x8000000000000001", 16, 0x8000000000000001n],
  ["0xfffffffffffffffe", 16, 0xfffffffffffffffen],
  ["0xffffffffffffffff", 16, 0xffffffffffffffffn],

  ["0\n", 0, 0n],
];

const test_ull_fail: Fail[] = [
  ["", 0],
  ["", 8],
  ["", 10],
  ["", 16],
  ["\n", 0],
  ["\n", 8],
  ["\n", 10],
  ["\n", 16],
  ["\n0", 0],
  ["\n0", 8],
  ["\n0", 10],
  ["\n0", 16],
  ["+", 0],
  ["+", 8],
  ["+", 10],
  ["+", 16],
  ["-", 0],
  ["-", 8],
  ["-", 10],
  ["-", 16],
  ["0x", 0],
  ["0x", 16],
  ["0X", 0],
  ["0X", 16],
  ["0 ", 0],
  ["1+", 0],
  ["1-", 0],
  [" 2", 0],
  /* base autodetection */
  ["0x0z", 0],
  ["0z", 0],
  ["a", 0],
  /* digit >= base */
  ["2", 2],
  ["8", 8],
  ["a", 10],
  ["A", 10],
  ["g", 16],
  ["G", 16],
  /* overflow */
  ["10000000000000000000000000000000000000000000000000000000000000000", 2],
  ["2000000000000000000000", 8],
  ["18446744073709551616", 10],
  ["569202370375329612767", 10],
  ["10000000000000000", 16],
  /* negative */
  ["-0", 0],
  ["-0", 8],
  ["-0", 10],
  ["-0", 16],
  ["-1", 0],
  ["-1", 8],
  ["-1", 10],
  ["-1", 16],
  /* sign is first character if any */
  ["-+1", 0],
  ["-+1", 8],
  ["-+1", 10],
  ["-+1", 16],
  /* nothing after \n */
  ["0\n0", 0],
  ["0\n0", 8],
  ["0\n0", 10],
  ["0\n0", 16],
  ["0\n+", 0],
  ["0\n+", 8],
  ["0\n+", 10],
  ["0\n+", 16],
  ["0\n-", 0],
  ["0\n-", 8],
  ["0\n-", 10],
  ["0\n-", 16],
  ["0\n ", 0],
  ["0\n ", 8],
  ["0\n ", 10],
  ["0\n ", 16],
];

// ---- test_kstrtoll_ok / test_kstrtoll_fail ----
const LLONG_MIN = -(2n ** 63n);
const test_ll_ok: Ok<bigint>[] = [
  ["0", 10, 0n],
  ["1", 10, 1n],
  ["127", 10, 127n],
  ["128", 10, 128n],
  ["129", 10, 129n],
  ["255", 10, 255n],
  ["256", 10, 256n],
  ["257", 10, 257n],
  ["32767", 10, 32767n],
  ["32768", 10, 32768n],
  ["32769", 10, 32769n],
  ["65535", 10, 65535n],
  ["65536", 10, 65536n],
  ["65537", 10, 65537n],
  ["2147483647", 10, 2147483647n],
  ["2147483648", 10, 2147483648n],
  ["2147483649", 10, 2147483649n],
  ["4294967295", 10, 4294967295n],
  ["4294967296", 10, 4294967296n],
  ["4294967297", 10, 4294967297n],
  ["9223372036854775807", 10, 9223372036854775807n],

  ["-0", 10, 0n],
  ["-1", 10, -1n],
  ["-2", 10, -2n],
  ["-9223372036854775808", 10, LLONG_MIN],
];

const test_ll_fail: Fail[] = [
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["569202370375329612767", 10],
  ["-9223372036854775809", 10],
  ["-18446744073709551614", 10],
  ["-18446744073709551615", 10],
  ["-569202370375329612767", 10],
  /* sign is first character if any */
  ["-+1", 0],
  ["-+1", 8],
  ["-+1", 10],
  ["-+1", 16],
];

// ---- test_kstrtou64_ok / test_kstrtou64_fail ----
const test_u64_ok: Ok<bigint>[] = [
  ["0", 10, 0n],
  ["1", 10, 1n],
  ["126", 10, 126n],
  ["127", 10, 127n],
  ["128", 10, 128n],
  ["129", 10, 129n],
  ["254", 10, 254n],
  ["255", 10, 255n],
  ["256", 10, 256n],
  ["257", 10, 257n],
  ["32766", 10, 32766n],
  ["32767", 10, 32767n],
  ["32768", 10, 32768n],
  ["32769", 10, 32769n],
  ["65534", 10, 65534n],
  ["65535", 10, 65535n],
  ["65536", 10, 65536n],
  ["65537", 10, 65537n],
  ["2147483646", 10, 2147483646n],
  ["2147483647", 10, 2147483647n],
  ["2147483648", 10, 2147483648n],
  ["2147483649", 10, 2147483649n],
  ["4294967294", 10, 4294967294n],
  ["4294967295", 10, 4294967295n],
  ["4294967296", 10, 4294967296n],
  ["4294967297", 10, 4294967297n],
  ["9223372036854775806", 10, 9223372036854775806n],
  ["9223372036854775807", 10, 9223372036854775807n],
  ["9223372036854775808", 10, 9223372036854775808n],
  ["9223372036854775809", 10, 9223372036854775809n],
  ["18446744073709551614", 10, 18446744073709551614n],
  ["18446744073709551615", 10, 18446744073709551615n],
];

const test_u64_fail: Fail[] = [
  ["-2", 10],
  ["-1", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
  ["569202370375329612767", 10],
];

// ---- test_kstrtos64_ok / test_kstrtos64_fail ----
const test_s64_ok: Ok<bigint>[] = [
  ["-128", 10, -128n],
  ["-127", 10, -127n],
  ["-1", 10, -1n],
  ["0", 10, 0n],
  ["1", 10, 1n],
  ["126", 10, 126n],
  ["127", 10, 127n],
  ["128", 10, 128n],
  ["129", 10, 129n],
  ["254", 10, 254n],
  ["255", 10, 255n],
  ["256", 10, 256n],
  ["257", 10, 257n],
  ["32766", 10, 32766n],
  ["32767", 10, 32767n],
  ["32768", 10, 32768n],
  ["32769", 10, 32769n],
  ["65534", 10, 65534n],
  ["65535", 10, 65535n],
  ["65536", 10, 65536n],
  ["65537", 10, 65537n],
  ["2147483646", 10, 2147483646n],
  ["2147483647", 10, 2147483647n],
  ["2147483648", 10, 2147483648n],
  ["2147483649", 10, 2147483649n],
  ["4294967294", 10, 4294967294n],
  ["4294967295", 10, 4294967295n],
  ["4294967296", 10, 4294967296n],
  ["4294967297", 10, 4294967297n],
  ["9223372036854775806", 10, 9223372036854775806n],
  ["9223372036854775807", 10, 9223372036854775807n],
];

const test_s64_fail: Fail[] = [
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
  ["569202370375329612767", 10],
  ["-569202370375329612767", 10],
];

// ---- test_kstrtou32_ok / test_kstrtou32_fail ----
const test_u32_ok: Ok<number>[] = [
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
  ["128", 10, 128],
  ["129", 10, 129],
  ["254", 10, 254],
  ["255", 10, 255],
  ["256", 10, 256],
  ["257", 10, 257],
  ["32766", 10, 32766],
  ["32767", 10, 32767],
  ["32768", 10, 32768],
  ["32769", 10, 32769],
  ["65534", 10, 65534],
  ["65535", 10, 65535],
  ["65536", 10, 65536],
  ["65537", 10, 65537],
  ["2147483646", 10, 2147483646],
  ["2147483647", 10, 2147483647],
  ["2147483648", 10, 2147483648],
  ["2147483649", 10, 2147483649],
  ["4294967294", 10, 4294967294],
  ["4294967295", 10, 4294967295],
];

const test_u32_fail: Fail[] = [
  ["-2", 10],
  ["-1", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtos32_ok / test_kstrtos32_fail ----
const test_s32_ok: Ok<number>[] = [
  ["-128", 10, -128],
  ["-127", 10, -127],
  ["-1", 10, -1],
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
  ["128", 10, 128],
  ["129", 10, 129],
  ["254", 10, 254],
  ["255", 10, 255],
  ["256", 10, 256],
  ["257", 10, 257],
  ["32766", 10, 32766],
  ["32767", 10, 32767],
  ["32768", 10, 32768],
  ["32769", 10, 32769],
  ["65534", 10, 65534],
  ["65535", 10, 65535],
  ["65536", 10, 65536],
  ["65537", 10, 65537],
  ["2147483646", 10, 2147483646],
  ["2147483647", 10, 2147483647],
];

const test_s32_fail: Fail[] = [
  ["2147483648", 10],
  ["2147483649", 10],
  ["4294967294", 10],
  ["4294967295", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtou16_ok / test_kstrtou16_fail ----
const test_u16_ok: Ok<number>[] = [
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
  ["128", 10, 128],
  ["129", 10, 129],
  ["254", 10, 254],
  ["255", 10, 255],
  ["256", 10, 256],
  ["257", 10, 257],
  ["32766", 10, 32766],
  ["32767", 10, 32767],
  ["32768", 10, 32768],
  ["32769", 10, 32769],
  ["65534", 10, 65534],
  ["65535", 10, 65535],
];

const test_u16_fail: Fail[] = [
  ["-2", 10],
  ["-1", 10],
  ["65536", 10],
  ["65537", 10],
  ["2147483646", 10],
  ["2147483647", 10],
  ["2147483648", 10],
  ["2147483649", 10],
  ["4294967294", 10],
  ["4294967295", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtos16_ok / test_kstrtos16_fail ----
const test_s16_ok: Ok<number>[] = [
  ["-130", 10, -130],
  ["-129", 10, -129],
  ["-128", 10, -128],
  ["-127", 10, -127],
  ["-1", 10, -1],
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
  ["128", 10, 128],
  ["129", 10, 129],
  ["254", 10, 254],
  ["255", 10, 255],
  ["256", 10, 256],
  ["257", 10, 257],
  ["32766", 10, 32766],
  ["32767", 10, 32767],
];

const test_s16_fail: Fail[] = [
  ["32768", 10],
  ["32769", 10],
  ["65534", 10],
  ["65535", 10],
  ["65536", 10],
  ["65537", 10],
  ["2147483646", 10],
  ["2147483647", 10],
  ["2147483648", 10],
  ["2147483649", 10],
  ["4294967294", 10],
  ["4294967295", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtou8_ok / test_kstrtou8_fail ----
const test_u8_ok: Ok<number>[] = [
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
  ["128", 10, 128],
  ["129", 10, 129],
  ["254", 10, 254],
  ["255", 10, 255],
];

const test_u8_fail: Fail[] = [
  ["-2", 10],
  ["-1", 10],
  ["256", 10],
  ["257", 10],
  ["32766", 10],
  ["32767", 10],
  ["32768", 10],
  ["32769", 10],
  ["65534", 10],
  ["65535", 10],
  ["65536", 10],
  ["65537", 10],
  ["2147483646", 10],
  ["2147483647", 10],
  ["2147483648", 10],
  ["2147483649", 10],
  ["4294967294", 10],
  ["4294967295", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtos8_ok / test_kstrtos8_fail ----
const test_s8_ok: Ok<number>[] = [
  ["-128", 10, -128],
  ["-127", 10, -127],
  ["-1", 10, -1],
  ["0", 10, 0],
  ["1", 10, 1],
  ["126", 10, 126],
  ["127", 10, 127],
];

const test_s8_fail: Fail[] = [
  ["-130", 10],
  ["-129", 10],
  ["128", 10],
  ["129", 10],
  ["254", 10],
  ["255", 10],
  ["256", 10],
  ["257", 10],
  ["32766", 10],
  ["32767", 10],
  ["32768", 10],
  ["32769", 10],
  ["65534", 10],
  ["65535", 10],
  ["65536", 10],
  ["65537", 10],
  ["2147483646", 10],
  ["2147483647", 10],
  ["2147483648", 10],
  ["2147483649", 10],
  ["4294967294", 10],
  ["4294967295", 10],
  ["4294967296", 10],
  ["4294967297", 10],
  ["9223372036854775806", 10],
  ["9223372036854775807", 10],
  ["9223372036854775808", 10],
  ["9223372036854775809", 10],
  ["18446744073709551614", 10],
  ["18446744073709551615", 10],
  ["18446744073709551616", 10],
  ["18446744073709551617", 10],
];

// ---- test_kstrtoudec64_ok / test_kstrtoudec64_fail (the second column is the scale) ----
const ULLONG_MAX = 2n ** 64n - 1n;
const LLONG_MAX = 2n ** 63n - 1n;
const test_udec64_ok: Ok<bigint>[] = [
  /* basic: integer.fraction, exact digits */
  ["0.0", 1, 0n],
  ["1.5", 1, 15n],
  ["1.234", 3, 1234n],
  ["42.0", 1, 420n],
  /* zero */
  ["0.0", 1, 0n],
  ["0.000", 3, 0n],
  /* integer only */
  ["0", 1, 0n],
  ["42", 3, 42000n],
  ["123.", 2, 12300n],
  ["1", 1, 10n],
  /* fractional only (leading dot) */
  [".5", 1, 5n],
  [".5", 0, 0n],
  [".123", 3, 123n],
  [".001", 3, 1n],
  /* zero padding: fewer fractional digits than scale */
  ["1.2", 3, 1200n],
  ["1.2", 6, 1200000n],
  ["0.01", 3, 10n],
  ["0.1", 9, 100000000n],
  ["0.01", 9, 10000000n],
  /* truncation: more fractional digits than scale */
  ["1.23456", 3, 1234n],
  ["3.1415926535", 6, 3141592n],
  ["0.999999999", 3, 999n],
  ["1.99", 1, 19n],
  ["1.234", 0, 1n],
  /* trailing newline */
  ["1.5\n", 1, 15n],
  ["42\n", 3, 42000n],
  /* plus sign */
  ["+1.5", 1, 15n],
  ["+.5", 1, 5n],
  /* scale progression */
  ["1.", 0, 1n],
  ["1.0", 1, 10n],
  ["1.00", 2, 100n],
  ["1.000", 3, 1000n],
  ["1.000000", 6, 1000000n],
  ["1.000000000", 9, 1000000000n],
  /* max limit check */
  ["18446744073.709551615", 9, ULLONG_MAX],
  ["18446744073709.551615", 6, ULLONG_MAX],
  ["0.18446744073709551615", 20, ULLONG_MAX],
  /* scale > 19: representable when integer part is small */
  ["0.00000000000000000001", 20, 1n],
  ["0.1", 20, 10000000000000000000n],
  ["0.00000000000000000000001", 23, 1n],
  /* truncation with scale > 19 */
  ["0.0000000000000000000012345", 23, 123n],
  /* truncation with many excess digits */
  ["0.00000000000000000000000000000000423", 34, 42n],
  ["1.99999999999999999999999999999999999", 3, 1999n],
];

const test_udec64_fail: Fail[] = [
  /* empty / whitespace */
  ["", 3],
  ["\n", 3],
  /* minus sign (unsigned) */
  ["-1.5", 1],
  ["-0.5", 1],
  /* only a decimal point */
  [".", 3],
  [".", 0],
  /* only a sign */
  ["+", 3],
  /* non-digit characters */
  ["abc", 3],
  ["1.2x", 3],
  /* leading/trailing space */
  [" 1.5", 1],
  ["1.5 ", 1],
  /* overflow */
  ["18446744073710.551615", 6],
  ["99999999999999999999", 1],
  /* overflow with scale > 19 */
  ["1.0", 21],
  ["0.2", 20],
  ["0.18446744073709551616", 20],
  ["1", 20],
];

// ---- test_kstrtodec64_ok / test_kstrtodec64_fail ----
const test_dec64_ok: Ok<bigint>[] = [
  /* basic positive */
  ["0.0", 1, 0n],
  ["1.5", 1, 15n],
  ["1.234", 3, 1234n],
  /* basic negative */
  ["-1.5", 1, -15n],
  ["-1.234", 3, -1234n],
  ["-0.5", 1, -5n],
  ["-0.001", 3, -1n],
  /* zero (signed) */
  ["-0", 1, 0n],
  ["-0.0", 1, 0n],
  ["0.000", 3, 0n],
  /* integer only */
  ["42", 3, 42000n],
  ["-42", 3, -42000n],
  /* fractional only */
  [".5", 1, 5n],
  ["-.5", 1, -5n],
  /* zero padding */
  ["1.2", 3, 1200n],
  ["-1.2", 3, -1200n],
  ["0.01", 3, 10n],
  ["-0.01", 3, -10n],
  /* truncation */
  ["1.23456", 3, 1234n],
  ["-1.23456", 3, -1234n],
  ["0.999999999", 3, 999n],
  ["-0.999999999", 3, -999n],
  /* trailing newline */
  ["1.5\n", 1, 15n],
  ["-1.5\n", 1, -15n],
  /* plus sign */
  ["+1.5", 1, 15n],
  /* limits */
  ["9223372036.854775807", 9, LLONG_MAX],
  ["-9223372036.854775808", 9, LLONG_MIN],
  /* scale > 19 */
  ["0.0", 20, 0n],
  ["-0.0", 20, 0n],
  ["0.00000000000000000001", 20, 1n],
  ["-0.00000000000000000001", 20, -1n],
  ["0.009223372036854775807", 21, LLONG_MAX],
  ["-0.009223372036854775808", 21, LLONG_MIN],
];

const test_dec64_fail: Fail[] = [
  /* empty / whitespace */
  ["", 3],
  ["\n", 3],
  /* no digits after dot */
  [".", 3],
  ["-.", 3],
  /* no digits at all */
  ["+", 3],
  ["-", 3],
  /* non-digit characters */
  ["abc", 3],
  ["-1.2x", 3],
  /* signed overflow */
  ["9223372036.854775808", 9],
  ["-9223372036.854775809", 9],
  ["99999999999999999999", 1],
  /* signed overflow with scale > 19 */
  ["0.1", 20],
  ["-0.1", 20],
  ["0.09223372036854775808", 20],
  ["-0.09223372036854775809", 20],
];

describe("lib/test-kstrtox.c", () => {
  runOk("kstrtoull", kstrtoull, test_ull_ok);
  runFail("kstrtoull", kstrtoull, test_ull_fail);
  runOk("kstrtoll", kstrtoll, test_ll_ok);
  runFail("kstrtoll", kstrtoll, test_ll_fail);
  runOk("kstrtou64", kstrtou64, test_u64_ok);
  runFail("kstrtou64", kstrtou64, test_u64_fail);
  runOk("kstrtos64", kstrtos64, test_s64_ok);
  runFail("kstrtos64", kstrtos64, test_s64_fail);
  runOk("kstrtou32", kstrtou32, test_u32_ok);
  runFail("kstrtou32", kstrtou32, test_u32_fail);
  runOk("kstrtos32", kstrtos32, test_s32_ok);
  runFail("kstrtos32", kstrtos32, test_s32_fail);
  runOk("kstrtou16", kstrtou16, test_u16_ok);
  runFail("kstrtou16", kstrtou16, test_u16_fail);
  runOk("kstrtos16", kstrtos16, test_s16_ok);
  runFail("kstrtos16", kstrtos16, test_s16_fail);
  runOk("kstrtou8", kstrtou8, test_u8_ok);
  runFail("kstrtou8", kstrtou8, test_u8_fail);
  runOk("kstrtos8", kstrtos8, test_s8_ok);
  runFail("kstrtos8", kstrtos8, test_s8_fail);
  runOk("kstrtoudec64", kstrtoudec64, test_udec64_ok);
  runFail("kstrtoudec64", kstrtoudec64, test_udec64_fail);
  runOk("kstrtodec64", kstrtodec64, test_dec64_ok);
  runFail("kstrtodec64", kstrtodec64, test_dec64_fail);

  it("has every vector of the kernel tables", () => {
    // Counts of the C tables, so that a dropped line shows up here.
    const counts = [
      test_ull_ok.length,
      test_ull_fail.length,
      test_ll_ok.length,
      test_ll_fail.length,
      test_u64_ok.length,
      test_u64_fail.length,
      test_s64_ok.length,
      test_s64_fail.length,
      test_u32_ok.length,
      test_u32_fail.length,
      test_s32_ok.length,
      test_s32_fail.length,
      test_u16_ok.length,
      test_u16_fail.length,
      test_s16_ok.length,
      test_s16_fail.length,
      test_u8_ok.length,
      test_u8_fail.length,
      test_s8_ok.length,
      test_s8_fail.length,
      test_udec64_ok.length,
      test_udec64_fail.length,
      test_dec64_ok.length,
      test_dec64_fail.length,
    ];
    expect(counts).toEqual([
      76, 70, 25, 13, 32, 5, 31, 8, 24, 12, 23, 14, 16, 20, 17, 22, 8, 28, 7, 32, 43, 17, 33, 15,
    ]);
  });
});

describe("error codes", () => {
  it.each([
    ["", 10, -EINVAL],
    ["+", 10, -EINVAL],
    ["12a", 10, -EINVAL],
    ["18446744073709551616", 10, -ERANGE],
    ["0x10000000000000000", 0, -ERANGE],
    ["-1", 10, -EINVAL],
  ] as const)("kstrtoull(%j, %i) = %i", (s, base, err) => {
    expect(kstrtoull(s, base).err).toBe(err);
  });

  it.each([
    ["9223372036854775808", -ERANGE],
    ["-9223372036854775809", -ERANGE],
    ["-", -EINVAL],
    ["--1", -EINVAL],
    ["+-1", -EINVAL],
  ] as const)("kstrtoll(%j, 10) = %i", (s, err) => {
    expect(kstrtoll(s, 10).err).toBe(err);
  });

  it("narrow types report -ERANGE when the 64-bit parse succeeded", () => {
    expect(kstrtou8("256", 10).err).toBe(-ERANGE);
    expect(kstrtos8("-129", 10).err).toBe(-ERANGE);
    expect(kstrtouint("4294967296", 10).err).toBe(-ERANGE);
    expect(kstrtoint("-2147483649", 10).err).toBe(-ERANGE);
    expect(kstrtoint("-2147483648", 10)).toEqual({ err: 0, value: -2147483648 });
    expect(kstrtou16("-1", 10).err).toBe(-EINVAL);
  });
});

describe("base handling", () => {
  it.each([
    ["0x1f", 0, 31n],
    ["0X1F", 0, 31n],
    ["017", 0, 15n],
    ["0", 0, 0n],
    ["1f", 16, 31n],
    ["0x1f", 16, 31n],
    ["+0x1f", 0, 31n],
    ["101", 2, 5n],
    ["777", 8, 511n],
    ["00", 0, 0n],
  ] as const)("kstrtoull(%j, %i) = %s", (s, base, v) => {
    expect(kstrtoull(s, base)).toEqual({ err: 0, value: v });
  });

  it("0x without a hex digit autodetects octal, so only the 0 is a digit", () => {
    expect(kstrtoull("0x", 0).err).toBe(-EINVAL);
    expect(kstrtoull("0xg", 0).err).toBe(-EINVAL);
    expect(kstrtoull("0x1", 8).err).toBe(-EINVAL);
    expect(kstrtoull("0x1", 10).err).toBe(-EINVAL);
  });

  it("signed autodetection happens after the sign", () => {
    expect(kstrtoll("-0x10", 0)).toEqual({ err: 0, value: -16n });
    expect(kstrtoll("-010", 0)).toEqual({ err: 0, value: -8n });
    expect(kstrtoint("+0x7fffffff", 0)).toEqual({ err: 0, value: 0x7fffffff });
  });

  it("kstrtoul/kstrtol are the 64-bit variants", () => {
    expect(kstrtoul("18446744073709551615", 10)).toEqual({ err: 0, value: ULLONG_MAX });
    expect(kstrtol("-9223372036854775808", 10)).toEqual({ err: 0, value: LLONG_MIN });
  });
});

describe("C string input", () => {
  it("stops at NUL in a JS string and in a Uint8Array", () => {
    expect(kstrtouint("42\0garbage", 10)).toEqual({ err: 0, value: 42 });
    expect(kstrtouint("42\n\0x", 10)).toEqual({ err: 0, value: 42 });
    const bytes = new TextEncoder().encode("123\n");
    expect(kstrtouint(bytes, 10)).toEqual({ err: 0, value: 123 });
    expect(kstrtouint(new Uint8Array([0x37, 0, 0x38]), 10)).toEqual({ err: 0, value: 7 });
    expect(kstrtouint(new Uint8Array([]), 10).err).toBe(-EINVAL);
  });

  it("rejects two newlines and a CR", () => {
    expect(kstrtouint("1\n\n", 10).err).toBe(-EINVAL);
    expect(kstrtouint("1\r\n", 10).err).toBe(-EINVAL);
  });

  it("does not treat non-ASCII code units as digits", () => {
    expect(kstrtouint("1\u0131", 10).err).toBe(-EINVAL);
    expect(kstrtouint("\u0661", 10).err).toBe(-EINVAL);
  });
});

describe("kstrtobool", () => {
  // Linux (after commit ae5b3500856f): first character in "EeYyTt1" is true, "DdNnFf0" false;
  // 'o'/'O' looks at the second one: [Nn] true, [Ff] false. Everything else is -EINVAL.
  const trueInputs = [
    "y",
    "Y",
    "yes",
    "1",
    "1\n",
    "t",
    "T",
    "true",
    "e",
    "E",
    "enabled",
    "on",
    "ON",
    "On",
    "oN",
    "on\n",
    "onion",
    "Yoink",
    "10",
  ];
  const falseInputs = [
    "n",
    "N",
    "no",
    "0",
    "0\n",
    "f",
    "F",
    "false",
    "d",
    "D",
    "disabled",
    "off",
    "OFF",
    "oFf",
    "of",
    "Of",
    "never",
    "01",
  ];
  const invalidInputs = ["", "\n", "o", "O", "o\n", "ok", "2", "-1", " 1", "x", "+1", "\0y"];

  it.each(trueInputs)("%j is true", (s) => {
    expect(kstrtobool(s)).toEqual({ err: 0, value: true });
  });
  it.each(falseInputs)("%j is false", (s) => {
    expect(kstrtobool(s)).toEqual({ err: 0, value: false });
  });
  it.each(invalidInputs)("%j is -EINVAL", (s) => {
    expect(kstrtobool(s)).toEqual({ err: -EINVAL });
  });
  it("NULL is -EINVAL and bytes work", () => {
    expect(kstrtobool(null)).toEqual({ err: -EINVAL });
    expect(kstrtobool(new Uint8Array([0x4f, 0x6e]))).toEqual({ err: 0, value: true });
  });
});

describe("_parse_integer", () => {
  it("reports the consumed characters and the overflow bit", () => {
    expect(_parse_integer("123abc", 0, 10)).toEqual({ rv: 3, res: 123n });
    expect(_parse_integer("123abc", 0, 16)).toEqual({ rv: 6, res: 0x123abcn });
    const r = _parse_integer("18446744073709551616", 0, 10);
    expect(r.rv).toBe((20 | KSTRTOX_OVERFLOW) >>> 0);
    expect(r.res).toBe(0n); // wrapped, as v6.8 leaves it
  });
  it("fixes up the radix as the kernel does", () => {
    expect(_parse_integer_fixup_radix("0x1", 0, 0)).toEqual({ pos: 2, base: 16 });
    expect(_parse_integer_fixup_radix("0xz", 0, 0)).toEqual({ pos: 0, base: 8 });
    expect(_parse_integer_fixup_radix("0x", 0, 16)).toEqual({ pos: 2, base: 16 });
    expect(_parse_integer_fixup_radix("9", 0, 0)).toEqual({ pos: 0, base: 10 });
  });
});

describe("simple_strto*", () => {
  it("stops at the first non-digit and reports where", () => {
    expect(simple_strtoul("10x50", 10)).toEqual({ value: 10n, end: 2 });
    expect(simple_strtoul("12:21", 0)).toEqual({ value: 12n, end: 2 });
    expect(simple_strtoull("0x1fg", 0)).toEqual({ value: 31n, end: 4 });
    expect(simple_strtoull("0xg", 16)).toEqual({ value: 0n, end: 2 });
    expect(simple_strtoull("0xg", 0)).toEqual({ value: 0n, end: 1 });
    expect(simple_strtoull("abc", 10)).toEqual({ value: 0n, end: 0 });
    expect(simple_strtoull(" 1", 10)).toEqual({ value: 0n, end: 0 });
  });
  it("wraps silently on overflow", () => {
    expect(simple_strtoull("18446744073709551616", 10)).toEqual({ value: 0n, end: 20 });
    expect(simple_strtoull("18446744073709551617", 10)).toEqual({ value: 1n, end: 20 });
  });
  it("simple_strtol negates with 64-bit wrap", () => {
    expect(simple_strtol("-42 rest", 10)).toEqual({ value: -42n, end: 3 });
    expect(simple_strtol("18446744073709551615", 10)).toEqual({ value: -1n, end: 20 });
    expect(simple_strtol("-9223372036854775808", 10)).toEqual({ value: LLONG_MIN, end: 20 });
    expect(simple_strtoll("-0x10", 0)).toEqual({ value: -16n, end: 5 });
    expect(simple_strtol("+5", 10)).toEqual({ value: 0n, end: 0 });
  });
});

describe("properties", () => {
  const u64 = fc.bigInt({ min: 0n, max: ULLONG_MAX });
  it("kstrtoull round-trips decimal", () => {
    fc.assert(
      fc.property(u64, (v) => {
        expect(kstrtoull(String(v), 10)).toEqual({ err: 0, value: v });
        expect(kstrtoull(`${v}\n`, 0)).toEqual({ err: 0, value: v });
      }),
    );
  });
  it("kstrtoull round-trips 0x hex with base 0 and base 16", () => {
    fc.assert(
      fc.property(u64, (v) => {
        expect(kstrtoull(`0x${v.toString(16)}`, 0)).toEqual({ err: 0, value: v });
        expect(kstrtoull(`0X${v.toString(16).toUpperCase()}`, 16)).toEqual({ err: 0, value: v });
        expect(kstrtoull(v.toString(16), 16)).toEqual({ err: 0, value: v });
      }),
    );
  });
  it("kstrtoull round-trips octal with base 0", () => {
    fc.assert(
      fc.property(u64, (v) => {
        expect(kstrtoull(`0${v.toString(8)}`, 0)).toEqual({ err: 0, value: v });
      }),
    );
  });
  it("kstrtoll round-trips every signed 64-bit value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LLONG_MIN, max: LLONG_MAX }), (v) => {
        expect(kstrtoll(String(v), 10)).toEqual({ err: 0, value: v });
      }),
    );
  });
  it("anything above ULLONG_MAX is -ERANGE", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: ULLONG_MAX + 1n, max: 2n ** 80n }), (v) => {
        expect(kstrtoull(String(v), 10).err).toBe(-ERANGE);
        expect(kstrtoull(`0x${v.toString(16)}`, 0).err).toBe(-ERANGE);
      }),
    );
  });
  it("kstrtoint agrees with the 32-bit range", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), (v) => {
        const r = kstrtoint(String(v), 10);
        if (v >= -(2n ** 31n) && v < 2n ** 31n) expect(r).toEqual({ err: 0, value: Number(v) });
        else expect(r.err).toBe(-ERANGE);
      }),
    );
  });
});
