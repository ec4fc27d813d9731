/**
 * Table-driven tests of src/lib/vsprintf.ts against real printf implementations.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, type PrintfArg, sprintfC } from "../../src/lib/vsprintf.ts";

type Case = readonly [string, readonly PrintfArg[], string];

// Expected values recorded from glibc printf (Debian 12, gcc 12.2, glibc 2.36, x86_64) on
// 2026-11-27: each row was passed to snprintf() by a generated C program, with the C argument
// cast to the type the conversion expects (so "%d" of 4294967296 is snprintf("%d",
// (int)4294967296LL), "%lu" of -1 is (unsigned long)-1), and the output pasted here verbatim.
const GLIBC: readonly Case[] = [
  ["%d", [0], "0"],
  ["%d", [42], "42"],
  ["%d", [-42], "-42"],
  ["%d", [2147483647], "2147483647"],
  ["%d", [-2147483648], "-2147483648"],
  ["%d", [4294967296], "0"],
  ["%d", [4294967297], "1"],
  ["%d", [2147483648], "-2147483648"],
  ["%i", [123], "123"],
  ["%u", [-1], "4294967295"],
  ["%u", [4294967296], "0"],
  ["%u", [3000000000], "3000000000"],
  ["%lu", [-1], "18446744073709551615"],
  ["%llu", [-1], "18446744073709551615"],
  ["%ld", [-1], "-1"],
  ["%lld", [-9223372036854775808n], "-9223372036854775808"],
  ["%llu", [18446744073709551615n], "18446744073709551615"],
  ["%lld", [9223372036854775807n], "9223372036854775807"],
  ["%ld", [4294967296], "4294967296"],
  ["%x", [255], "ff"],
  ["%X", [255], "FF"],
  ["%x", [-1], "ffffffff"],
  ["%X", [-1], "FFFFFFFF"],
  ["%lx", [-1], "ffffffffffffffff"],
  ["%llx", [-1], "ffffffffffffffff"],
  ["%llX", [-2], "FFFFFFFFFFFFFFFE"],
  ["%hx", [-1], "ffff"],
  ["%hhx", [-1], "ff"],
  ["%hhx", [300], "2c"],
  ["%hhd", [200], "-56"],
  ["%hhu", [-1], "255"],
  ["%hd", [40000], "-25536"],
  ["%hu", [-1], "65535"],
  ["%ho", [-1], "177777"],
  ["%hhi", [-129], "127"],
  ["%o", [-1], "37777777777"],
  ["%o", [8], "10"],
  ["%lo", [-1], "1777777777777777777777"],
  ["%zu", [-1], "18446744073709551615"],
  ["%zd", [-1], "-1"],
  ["%zx", [-1], "ffffffffffffffff"],
  ["%td", [-5], "-5"],
  ["%jd", [-9223372036854775808n], "-9223372036854775808"],
  ["%ju", [-1], "18446744073709551615"],
  ["%qd", [-3], "-3"],
  ["%Ld", [-7], "-7"],
  ["%Lu", [-7], "18446744073709551609"],
  ["%+d", [5], "+5"],
  ["%+d", [-5], "-5"],
  ["%+d", [0], "+0"],
  ["% d", [5], " 5"],
  ["% d", [-5], "-5"],
  ["%+ d", [5], "+5"],
  ["% +d", [5], "+5"],
  ["%-5d|", [42], "42   |"],
  ["%5d|", [42], "   42|"],
  ["%5d|", [-42], "  -42|"],
  ["%05d", [42], "00042"],
  ["%05d", [-42], "-0042"],
  ["%+05d", [42], "+0042"],
  ["% 05d", [42], " 0042"],
  ["%-05d|", [42], "42   |"],
  ["%2d", [12345], "12345"],
  ["%5.3d|", [7], "  007|"],
  ["%05.3d|", [7], "  007|"],
  ["%-5.3d|", [7], "007  |"],
  ["%.0d|", [0], "|"],
  ["%5.0d|", [0], "     |"],
  ["%+.0d|", [0], "+|"],
  ["% .0d|", [0], " |"],
  ["%.0x|", [0], "|"],
  ["%#.0x|", [0], "|"],
  ["%.0u|", [0], "|"],
  ["%.3d", [-7], "-007"],
  ["%08.3d|", [-7], "    -007|"],
  ["%.10lld", [-123], "-0000000123"],
  ["%#o", [8], "010"],
  ["%#o", [0], "0"],
  ["%#.3o", [8], "010"],
  ["%#.0o|", [0], "0|"],
  ["%#5o|", [8], "  010|"],
  ["%#05o|", [8], "00010|"],
  ["%#x", [0], "0"],
  ["%#X", [0], "0"],
  ["%#x", [255], "0xff"],
  ["%#X", [255], "0XFF"],
  ["%#010x", [255], "0x000000ff"],
  ["%#10x|", [255], "      0xff|"],
  ["%-#10x|", [255], "0xff      |"],
  ["%#.5x", [255], "0x000ff"],
  ["%#08.3x|", [255], "   0x0ff|"],
  ["%#llx", [-1], "0xffffffffffffffff"],
  ["%+u", [5], "5"],
  ["% u", [5], "5"],
  ["%+x", [5], "5"],
  ["%+o", [5], "5"],
  ["%*d|", [5, 42], "   42|"],
  ["%-*d|", [5, 42], "42   |"],
  ["%*d|", [-5, 42], "42   |"],
  ["%.*d|", [3, 7], "007|"],
  ["%.*d|", [-1, 7], "7|"],
  ["%.*d|", [-1, 0], "0|"],
  ["%*.*d|", [6, 3, 7], "   007|"],
  ["%0*d", [5, -3], "-0003"],
  ["%'d", [1234567], "1234567"],
  ["%%", [], "%"],
  ["100%%", [], "100%"],
  ["%5%|", [], "%|"],
  ["%-5%|", [], "%|"],
  ["a%%b%dc", [1], "a%b1c"],
  ["%c", [65], "A"],
  ["%5c|", [65], "    A|"],
  ["%-5c|", [65], "A    |"],
  ["%c", [321], "A"],
  ["%05c|", [65], "    A|"],
  ["%c%c%c", [97, 98, 99], "abc"],
  ["%*c|", [3, 120], "  x|"],
  ["%s", ["hello"], "hello"],
  ["%10s|", ["hello"], "     hello|"],
  ["%-10s|", ["hello"], "hello     |"],
  ["%.3s|", ["hello"], "hel|"],
  ["%10.3s|", ["hello"], "       hel|"],
  ["%-10.3s|", ["hello"], "hel       |"],
  ["%.0s|", ["hello"], "|"],
  ["%.10s|", ["hi"], "hi|"],
  ["%s", [null], "(null)"],
  ["%.3s|", [null], "|"],
  ["%10s|", [null], "    (null)|"],
  ["%.6s|", [null], "(null)|"],
  ["%-8s|", [null], "(null)  |"],
  ["%.5s|", [null], "|"],
  ["%05s|", ["ab"], "   ab|"],
  ["%*s|", [6, "ab"], "    ab|"],
  ["%-*s|", [6, "ab"], "ab    |"],
  ["%.*s|", [2, "hello"], "he|"],
  ["%s|", [""], "|"],
  ["%3s|", [""], "   |"],
  ["[%s] [%d] [%x]", ["a b", -1, -1], "[a b] [-1] [ffffffff]"],
  ["%p", [0x1234], "0x1234"],
  ["%p", [0], "(nil)"],
  ["%20p|", [0x1234], "              0x1234|"],
  ["%-20p|", [0x1234], "0x1234              |"],
  ["%p", [0xffffffffffffffffn], "0xffffffffffffffff"],
  ["%10p|", [0], "     (nil)|"],
  ["%-10p|", [0], "(nil)     |"],
  ["%+p", [0x1234], "+0x1234"],
  ["% p", [0x1234], " 0x1234"],
  ["%.8p", [0x1234], "0x00001234"],
  ["%020p", [0x1234], "0x000000000000001234"],
  ["%.3p|", [0], "(nil)|"],
  ["%f", [1.23456], "1.234560"],
  ["%.2f", [1.23456], "1.23"],
  ["%.0f", [0.5], "0"],
  ["%.0f", [1.5], "2"],
  ["%.0f", [2.5], "2"],
  ["%.0f", [3.5], "4"],
  ["%.0f", [-0.5], "-0"],
  ["%.0f", [0.50000000000000011], "1"],
  ["%.1f", [0.25], "0.2"],
  ["%.1f", [0.35], "0.3"],
  ["%.1f", [0.45], "0.5"],
  ["%.2f", [1.005], "1.00"],
  ["%.2f", [0.125], "0.12"],
  ["%.2f", [0.375], "0.38"],
  ["%.2f", [2.675], "2.67"],
  ["%05.2f", [1.23456], "01.23"],
  ["%05.2f", [-1.5], "-1.50"],
  ["%08.2f", [-1.5], "-0001.50"],
  ["%+08.2f", [1.5], "+0001.50"],
  ["%+.1f", [2], "+2.0"],
  ["% .1f", [2], " 2.0"],
  ["%-8.2f|", [1.5], "1.50    |"],
  ["%#.0f", [1], "1."],
  ["%.0f", [1], "1"],
  ["%f", [0], "0.000000"],
  ["%f", [-0], "-0.000000"],
  ["%f", [1e20], "100000000000000000000.000000"],
  ["%f", [1e21], "1000000000000000000000.000000"],
  [
    "%f",
    [1e300],
    "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000",
  ],
  ["%.3f", [1e-10], "0.000"],
  ["%f", [123456789.125], "123456789.125000"],
  ["%.10f", [0.1], "0.1000000000"],
  ["%.20f", [0.1], "0.10000000000000000555"],
  ["%.30f", [1e-20], "0.000000000000000000010000000000"],
  ["%f", [-123.456], "-123.456000"],
  ["%f", [9.9999996], "10.000000"],
  ["%.1f", [9.96], "10.0"],
  ["%.0f", [9.5], "10"],
  ["%.0f", [10.5], "10"],
  ["%f", [Infinity], "inf"],
  ["%F", [Infinity], "INF"],
  ["%f", [-Infinity], "-inf"],
  ["%5f|", [NaN], "  nan|"],
  ["%F", [NaN], "NAN"],
  ["%05f|", [Infinity], "  inf|"],
  ["%-6f|", [-Infinity], "-inf  |"],
  ["%+f", [Infinity], "+inf"],
  ["% f", [NaN], " nan"],
  ["%.2e", [Infinity], "inf"],
  ["%g", [Infinity], "inf"],
  ["%G", [-Infinity], "-INF"],
  ["%E", [NaN], "NAN"],
  ["%a", [Infinity], "inf"],
  ["%#f", [NaN], "nan"],
  ["%e", [12345.678], "1.234568e+04"],
  ["%E", [12345.678], "1.234568E+04"],
  ["%.0e", [15000], "2e+04"],
  ["%.0e", [25000], "2e+04"],
  ["%.0e", [35000], "4e+04"],
  ["%e", [0], "0.000000e+00"],
  ["%e", [-0], "-0.000000e+00"],
  ["%e", [1e-300], "1.000000e-300"],
  ["%e", [1e300], "1.000000e+300"],
  ["%.2e", [9.999], "1.00e+01"],
  ["%#.0e", [3], "3.e+00"],
  ["%.3e", [5e-324], "4.941e-324"],
  ["%e", [1.7976931348623157e308], "1.797693e+308"],
  ["%12.3e|", [-1234.5], "  -1.234e+03|"],
  ["%-12.3e|", [1234.5], "1.234e+03   |"],
  ["%012.3e", [-1234.5], "-001.234e+03"],
  ["%+e", [1], "+1.000000e+00"],
  ["%.20e", [0.1], "1.00000000000000005551e-01"],
  ["%e", [1e100], "1.000000e+100"],
  ["%g", [0.0001], "0.0001"],
  ["%g", [0.00001], "1e-05"],
  ["%g", [123456], "123456"],
  ["%g", [1234567], "1.23457e+06"],
  ["%g", [100000], "100000"],
  ["%g", [1e6], "1e+06"],
  ["%g", [1.23456], "1.23456"],
  ["%.3g", [1.23456], "1.23"],
  ["%.10g", [0.1], "0.1"],
  ["%#g", [1], "1.00000"],
  ["%#.3g", [1], "1.00"],
  ["%g", [0], "0"],
  ["%G", [1e-10], "1E-10"],
  ["%.0g", [2.5], "2"],
  ["%.0g", [35], "4e+01"],
  ["%g", [99999.95], "99999.9"],
  ["%g", [999999.5], "1e+06"],
  ["%.2g", [99.5], "1e+02"],
  ["%10.4g|", [1.23456], "     1.235|"],
  ["%-10g|", [2.5], "2.5       |"],
  ["%+g", [1.5], "+1.5"],
  ["%g", [-0], "-0"],
  ["%g", [1e-5], "1e-05"],
  ["%g", [5e-324], "4.94066e-324"],
  ["%.17g", [0.1], "0.10000000000000001"],
  ["%g", [1e100], "1e+100"],
  ["%g", [0.000123456789], "0.000123457"],
  ["%#g", [123456789], "1.23457e+08"],
  ["%#.2g", [0.0001], "0.00010"],
  ["%010g", [-1.5], "-0000001.5"],
  ["%g", [100], "100"],
  ["%.1g", [0.95], "0.9"],
  ["%G", [1.5e-7], "1.5E-07"],
  ["%#G", [1e20], "1.00000E+20"],
  ["%a", [1], "0x1p+0"],
  ["%a", [0.5], "0x1p-1"],
  ["%a", [1.23456], "0x1.3c0c1fc8f3238p+0"],
  ["%A", [255], "0X1.FEP+7"],
  ["%a", [0], "0x0p+0"],
  ["%a", [-0], "-0x0p+0"],
  ["%.2a", [1], "0x1.00p+0"],
  ["%.1a", [1.03125], "0x1.0p+0"],
  ["%.1a", [1.09375], "0x1.2p+0"],
  ["%.0a", [1.5], "0x2p+0"],
  ["%.0a", [2.5], "0x1p+1"],
  ["%a", [5e-324], "0x0.0000000000001p-1022"],
  ["%a", [-1.5], "-0x1.8p+0"],
  ["%a", [1.7976931348623157e308], "0x1.fffffffffffffp+1023"],
  ["%#a", [1], "0x1.p+0"],
  ["%20a|", [1.5], "            0x1.8p+0|"],
  ["%020a", [1.5], "0x0000000000001.8p+0"],
  ["%+a", [2], "+0x1p+1"],
  ["%.3a", [2.2250738585072009e-308], "0x1.000p-1022"],
  ["%.1a", [1.96875], "0x2.0p+0"],
  ["%a", [0.1], "0x1.999999999999ap-4"],
  ["%k|", [], "%k|"],
  ["%5k|", [], "%5k|"],
  ["%y%d", [3], "%y3"],
  ["%d %s %c %x %.2f %%", [1, "two", 51, 4, 5], "1 two 3 4 5.00 %"],
  ["%3$s %1$s %2$s", ["a", "b", "c"], "c a b"],
];

// Expected values recorded on 2026-11-27 from Linux lib/vsprintf.c compiled as a user-space
// program (gcc 12.2, x86_64): number(), string(), widen_string(), pointer_string(),
// ptr_to_id() (debug_boot_weak_hash branch), format_decode() and vsnprintf() transcribed from
// the current tree (the table-driven format_decode() of 6.13+), %pK with kptr_restrict=0, and
// %pS with CONFIG_KALLSYMS=n. Floating point rows are left out: see "kernel floats" below.
const KERNEL: readonly Case[] = [
  ["%d", [0], "0"],
  ["%d", [-42], "-42"],
  ["%d", [4294967297], "1"],
  ["%d", [2147483648], "-2147483648"],
  ["%i", [-2147483648], "-2147483648"],
  ["%u", [-1], "4294967295"],
  ["%u", [4294967296], "0"],
  ["%lu", [-1], "18446744073709551615"],
  ["%llu", [-1], "18446744073709551615"],
  ["%ld", [-1], "-1"],
  ["%ld", [4294967296], "4294967296"],
  ["%lld", [-9223372036854775808n], "-9223372036854775808"],
  ["%Lu", [-7], "18446744073709551609"],
  ["%Ld", [-7], "-7"],
  ["%x", [-1], "ffffffff"],
  ["%X", [3054], "BEE"],
  ["%lx", [-1], "ffffffffffffffff"],
  ["%llX", [-2], "FFFFFFFFFFFFFFFE"],
  ["%hx", [-1], "ffff"],
  ["%hhx", [-1], "ff"],
  ["%hhx", [300], "2c"],
  ["%hhd", [200], "-56"],
  ["%hhu", [-1], "255"],
  ["%hd", [40000], "-25536"],
  ["%hu", [-1], "65535"],
  ["%ho", [-1], "177777"],
  ["%Hd", [255], "-1"],
  ["%o", [-1], "37777777777"],
  ["%zu", [-1], "18446744073709551615"],
  ["%zd", [-1], "-1"],
  ["%zx", [4096], "1000"],
  ["%td", [-5], "-5"],
  ["%+d", [5], "+5"],
  ["%+d", [0], "+0"],
  ["% d", [5], " 5"],
  ["%+ d", [5], "+5"],
  ["%-5d|", [42], "42   |"],
  ["%5d|", [-42], "  -42|"],
  ["%05d", [-42], "-0042"],
  ["%+05d", [42], "+0042"],
  ["% 05d", [42], " 0042"],
  ["%-05d|", [42], "42   |"],
  ["%2d", [12345], "12345"],
  ["%5.3d|", [7], "  007|"],
  ["%05.3d|", [7], "00007|"],
  ["%-5.3d|", [7], "007  |"],
  ["%.0d|", [0], "0|"],
  ["%5.0d|", [0], "    0|"],
  ["%.3d", [-7], "-007"],
  ["%08.3d|", [-7], "-0000007|"],
  ["%.10lld", [-123], "-0000000123"],
  ["%#o", [8], "010"],
  ["%#o", [0], "0"],
  ["%#.3o", [8], "0010"],
  ["%#5o|", [8], "  010|"],
  ["%#05o|", [8], "00010|"],
  ["%#x", [0], "0x0"],
  ["%#X", [0], "0X0"],
  ["%#x", [255], "0xff"],
  ["%#X", [255], "0XFF"],
  ["%#010x", [255], "0x000000ff"],
  ["%#10x|", [255], "      0xff|"],
  ["%-#10x|", [255], "0xff      |"],
  ["%#.5x", [255], "0x000ff"],
  ["%#08.3x|", [255], "0x0000ff|"],
  ["%#.0x|", [0], "0x0|"],
  ["%#llx", [-1], "0xffffffffffffffff"],
  ["%#02x", [0], "0x0"],
  ["%+u", [5], "5"],
  ["% u", [5], "5"],
  ["%+x", [5], "5"],
  ["%*d|", [5, 42], "   42|"],
  ["%*d|", [-5, 42], "42   |"],
  ["%.*d|", [3, 7], "007|"],
  ["%.*d|", [-1, 7], "7|"],
  ["%*.*d|", [6, 3, 7], "   007|"],
  ["%%", [], "%"],
  ["%5%|", [], "%|"],
  ["a%%b%dc", [1], "a%b1c"],
  ["%c", [65], "A"],
  ["%5c|", [65], "    A|"],
  ["%-5c|", [65], "A    |"],
  ["%c", [321], "A"],
  ["%05c|", [65], "    A|"],
  ["%s", ["hello"], "hello"],
  ["%10s|", ["hello"], "     hello|"],
  ["%-10s|", ["hello"], "hello     |"],
  ["%10.3s|", ["hello"], "       hel|"],
  ["%.0s|", ["hello"], "|"],
  ["%05s|", ["ab"], "   ab|"],
  ["%s", [null], "(null)"],
  ["%.3s|", [null], "(nu|"],
  ["%10s|", [null], "    (null)|"],
  ["%-8s|", [null], "(null)  |"],
  ["%*s|", [-6, "ab"], "ab    |"],
  ["%p", [0], "0000000000000000"],
  ["%p", [0x1234], "00000000f62c3b5e"],
  ["%p", [0xffff888003a4b000n], "00000000f9e8dad1"],
  ["%p", [-22], "ffffffffffffffea"],
  ["%px", [0x1234], "0000000000001234"],
  ["%px", [0xffff888003a4b000n], "ffff888003a4b000"],
  ["%10px|", [0x1234], "      1234|"],
  ["%-20px|", [0xabc], "abc                 |"],
  ["%pK", [0xffff888003a4b000n], "00000000f9e8dad1"],
  ["%pK", [0], "0000000000000000"],
  ["[%pxyz1]", [0x10], "[0000000000000010]"],
  ["%p.", [0x1234], "00000000f62c3b5e."],
  ["%pS", [0xffffffff81000000n], "0xffffffff81000000"],
  ["%20p|", [0x1234], "            f62c3b5e|"],
  ["%d %k %d", [1, 2], "1 "],
  ["x%nq", [], "x"],
  ["%jd", [1], ""],
  ["%3$s", ["a"], ""],
  ["%d %s %c %x %%", [1, "two", 51, 4], "1 two 3 4 %"],
];

describe("glibc printf", () => {
  it.each(GLIBC)("%# format(%j)", (fmt, args, expected) => {
    expect(format(fmt, args)).toBe(expected);
  });
});

describe("kernel vsnprintf", () => {
  it.each(KERNEL)("%# format(%j, kernel)", (fmt, args, expected) => {
    expect(format(fmt, args, { kernel: true })).toBe(expected);
  });
});

describe("kernel specifics", () => {
  const k = (fmt: string, ...args: PrintfArg[]) => format(fmt, args, { kernel: true });

  it("kernel floats are a vkern extension formatted like glibc", () => {
    // Real lib/vsprintf.c WARNs and stops at %f; kernel code cannot use floats anyway.
    expect(k("%.2f|%e|%g", 1.23456, 12345.678, 0.0001)).toBe("1.23|1.234568e+04|0.0001");
  });

  it("an unsupported conversion ends the output", () => {
    expect(k("a%nb", 1)).toBe("a");
    expect(k("x%qdy", 1)).toBe("x");
    expect(k("tail%")).toBe("tail");
    expect(k("%d%", 5)).toBe("5");
  });

  it("'.' without digits leaves the precision unset", () => {
    expect(k("%.d|%.s|", 0, "abc")).toBe("0|abc|");
  });

  it("a huge precision is cut to a short and then clamped at 0", () => {
    expect(k("%.65537d", 5)).toBe("5"); // (short)65537 = 1
    expect(k("%.40000d", 5)).toBe("5"); // (short)40000 < 0 -> 0
    expect(k("%.*d", 40000, 5)).toBe(`${"0".repeat(32766)}5`); // clamped to PRECISION_MAX
  });

  it("%ps/%pS/%pB print a symbol name passed as a string", () => {
    expect(k("%pS", "do_one_initcall+0x4c/0x2a0")).toBe("do_one_initcall+0x4c/0x2a0");
    expect(k("[%-12ps]", "vfs_read")).toBe("[vfs_read    ]");
    expect(k("%pB", "x")).toBe("x");
  });

  it("%p hashes with hash_long(ptr, 32) and leaves NULL and ERR_PTR values alone", () => {
    expect(k("%p", 0x1234)).toBe("00000000f62c3b5e");
    expect(k("%p", 0x1234n)).toBe("00000000f62c3b5e");
    expect(k("%p", null)).toBe("0000000000000000");
    expect(k("%p", -4095)).toBe("fffffffffffff001");
    expect(k("%p", -4096)).toBe("00000000779b97f4"); // not an ERR_PTR: hashed
    expect(k("%pK", 0x1234)).toBe(k("%p", 0x1234));
    expect(k("%pI4", 0x1234)).toBe(k("%p", 0x1234)); // unimplemented extensions hash
    expect(k("%p", "a string")).toMatch(/^00000000[0-9a-f]{8}$/);
  });

  it("%pe prints an error pointer's errno, else hashes", () => {
    expect(k("%pe", -22)).toBe("-22");
    expect(k("%pe", 0x1234)).toBe(k("%p", 0x1234));
  });

  it("%pks/%pus print strings, other %pk/%pu are (einval)", () => {
    expect(k("%pks|%pus", "k", "u")).toBe("k|u");
    expect(k("%pkx")).toBe("(einval)");
  });

  it("%s stops at NUL and shows (null) for null and undefined", () => {
    expect(k("%s|%s|%s", "a\0b", null, undefined)).toBe("a|(null)|(null)");
  });

  it("integer arguments of every JS type", () => {
    expect(k("%d %d %d %d %d %d", 1.9, -1.9, true, null, "42", "junk")).toBe("1 -1 1 0 42 0");
    expect(k("%llu %lld", 2n ** 64n + 5n, 2n ** 63n)).toBe("5 -9223372036854775808");
    expect(k("%d %d", Number.NaN, Number.POSITIVE_INFINITY)).toBe("0 0");
    expect(k("%lld", 2 ** 60)).toBe("1152921504606846976");
    expect(k("%c%c", "xyz", 0x142)).toBe("xB");
  });

  it("missing arguments read as 0 and NULL", () => {
    expect(k("%d %s %p")).toBe("0 (null) 0000000000000000");
  });
});

describe("glibc specifics", () => {
  it("sprintfC is format() with variadic arguments", () => {
    expect(sprintfC("%s=%d", "x", 5)).toBe("x=5");
  });

  it("positional arguments, including for * width and precision", () => {
    expect(sprintfC("%2$s %1$s", "world", "hello")).toBe("hello world");
    expect(sprintfC("%1$*2$.*3$d|", 7, 6, 3)).toBe("   007|");
  });

  it("%n consumes its argument and prints nothing", () => {
    expect(sprintfC("a%nb%d", 0, 5)).toBe("ab5");
  });

  it("an incomplete specification at the end stops the output", () => {
    expect(sprintfC("abc%")).toBe("abc");
    expect(sprintfC("abc%5l")).toBe("abc");
  });

  it("long double arguments format the double", () => {
    expect(sprintfC("%Lf|%Lg", 1.5, 0.1)).toBe("1.500000|0.1");
  });

  it("negative NaN keeps its sign", () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, 0xfff80000);
    const negNaN = view.getFloat64(0);
    // A JS engine may canonicalize NaN; only check when the sign survived.
    if (new DataView(new Float64Array([negNaN]).buffer).getUint8(7) & 0x80) {
      expect(sprintfC("%f", negNaN)).toBe("-nan");
    }
    expect(sprintfC("%f|%F", Number.NaN, Number.NaN)).toBe("nan|NAN");
  });

  it("float arguments of every JS type", () => {
    expect(sprintfC("%.1f %.1f %.1f %.1f %.1f", 2n, true, null, "2.5", "x")).toBe(
      "2.0 1.0 0.0 2.5 nan",
    );
  });
});

describe("properties", () => {
  const dbl = fc.double({ noNaN: true, noDefaultInfinity: true });

  it("%a round-trips every double", () => {
    fc.assert(
      fc.property(dbl, (x) => {
        const s = sprintfC("%a", x);
        const m = /^(-?)0x([01])(?:\.([0-9a-f]+))?p([+-]\d+)$/.exec(s);
        expect(m).not.toBeNull();
        if (!m) return;
        const [, sign, lead, frac = "", exp] = m;
        const mant = BigInt(`0x${lead}${frac}`);
        const v = Number(mant) * 2 ** (Number(exp) - 4 * frac.length);
        expect(Object.is(sign ? -v : v, x)).toBe(true);
      }),
    );
  });

  // JS rounds exact decimal ties away from zero, C to even: the digits dropped must be 50000...
  const isTie = (longer: string, keptDigits: number): boolean =>
    /^50*$/.test(longer.replace(/[-.]/g, "").replace(/e.*$/, "").slice(keptDigits));

  it("%.Nf agrees with toFixed() except on exact ties", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.nat(20), (x, p) => {
        fc.pre(!Object.is(x, -0) && Math.abs(x) >= 10 ** -(p + 1)); // C keeps the sign of -0.00
        const ours = sprintfC(`%.${p}f`, x);
        const js = x.toFixed(p);
        if (ours !== js) {
          const longer = Math.abs(x).toFixed(Math.min(100, p + 60));
          const kept = js.replace(/[-.]/g, "").length;
          expect(isTie(longer, kept)).toBe(true);
        }
      }),
    );
  });

  it("%.Ne agrees with toExponential() except on exact ties", () => {
    fc.assert(
      fc.property(dbl, fc.nat(16), (x, p) => {
        fc.pre(!Object.is(x, -0));
        const ours = sprintfC(`%.${p}e`, x);
        const js = x.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2");
        if (ours !== js) expect(isTie(Math.abs(x).toExponential(100), p + 1)).toBe(true);
      }),
    );
  });

  it("%.16e and %.17g round-trip", () => {
    fc.assert(
      fc.property(dbl, (x) => {
        expect(Object.is(Number(sprintfC("%.16e", x)), x)).toBe(true);
        expect(Object.is(Number(sprintfC("%.17g", x)), x)).toBe(true);
      }),
    );
  });

  it("unsigned 64-bit round-trip through %llu and %llx", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        expect(sprintfC("%llu", v)).toBe(v.toString());
        expect(sprintfC("%#llx", v)).toBe(v === 0n ? "0" : `0x${v.toString(16)}`);
        expect(format("%#llx", [v], { kernel: true })).toBe(`0x${v.toString(16)}`);
      }),
    );
  });

  it("%d of any int32 matches String()", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
        expect(sprintfC("%d", v)).toBe(String(v));
        expect(format("%d", [v], { kernel: true })).toBe(String(v));
        expect(sprintfC("%u", v)).toBe(String(v >>> 0));
      }),
    );
  });
});
