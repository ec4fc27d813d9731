/**
 * The playground's tar archives: what it writes must be what GNU tar reads, and it must
 * read what GNU tar writes (fixtures below recorded with GNU tar 1.34, Debian 12:
 *   tar --format=FMT --owner=1000 --group=1000 --mtime=2021-03-01T10:00:00Z --sort=name -cf
 * of a tree with a 0600 file, a 600-byte file, a symlink and a 175-character path).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { cleanTarPath, packTar, type TarEntry, TarError, unpackTar } from "../../web/src/tar.ts";

const FIXTURES: Record<string, string> = {
  gnu: "H4sIAAAAAAACA+2YS27DIBRFGXcVrMDw+E67AG/Crd3UqhUqx5Gy/NBWldxEcWJFIKXcM0ECJtaF88yrBEuOjHhrv0byVs7HXxiZOEfaGhPniQwZxi3LwH43NSPn7HUI+3bXflzad239QalEU02HKXn+TsqF/N1J/ko7Ylwi/+S8d8MQnhgolEq0/Zi4Bqz3vyKv4P98+b/0m9T+N+ZS/kT6LH9n4f8sHABIACrrI/m/vQNxk/9X1X/lpCbU/zz5V+K5DttN3W9Tfdus/n9nfTJKJenPWYh/BNbH93+dM/8xhMVX8LX1cu9/dweCgX+f/2r/a2O0g/+L8f/P2Zj730kL/5fg/7cbSd6khv+T+n+h/xOx5/7X6P/koO26T7T/S77/Q7rCP3//e7+i/6+VVYyrJoP1C7//AAAAACiPI9P56JUAKAAA",
  pax: "H4sIAAAAAAACA+2bTW7bMBCFufYpdAKZwyE58iL7LHsFJVIbI24T2Arg45cx0EJglLiuQ0Y/79sQMA3IwOi94SPpcv2tPt62ddPuD+tSJUEHvLWnMRCPWotVZDUJsbM2fE6anVPFUWXg5dDV+/BT1DJhXdTd9md7Q7Jxla5Iu5LFaEvOyirM3r+Z9Rvr7IZppcDkKdfpn3GSeBB0GEic7o9/iPRvhKwqXE793++eXppD8/je987Nx+Y2mfr3/L8uu2M3Bv8n4zz8/+v8v5IgQaFh///bHeCec/D/RKKP9a/1B/7vI/2z96QKnVP/C/X/h3a3e4KSF6z/Xv9vtvuR5D8R9P/R5j8fismE/DcP/QfRJ86Al+c/tmKQ//LVv9cD7rY/RpD/HAv8H/4P8ug/geiH9T/k/0Qc+394+5D/snAEIAFw1omu/5or+Kz1n7Gecf472vWfPs16rP9mo/9rRH9+8+Di/G+EmZD/J1L/XvNoBznn/xyf/4RwKRr+nwPiqniuu4ebT3gR2itYr4Y7kcdNpLHr/2xtL/Z/dsIe/j+n+n/o/97E/m8E6/88/l+Zcfj/93/k9bYKesVU9f+O/7u3/s/Y/81B07bPkMSS9d+Lb7vtr8cEz/iP81/C/z++cv/P4/x3MfpPJPp4/0/kgvs/1jmjCpP+avLi+z8AAAAAAAAAAAAAAAAAAObHbynycKUAUAAA",
  ustar:
    "H4sIAAAAAAACA+3YwY6CMBAG4J73KXwC6LQz9HnU4i6BrEYx8fGtB5JdEwXSbROW/7s0KRyAP51pKUqVnA6cyGMkJ/rnOFDEYY6sMId5Mo5YbURlcL3023N4lH13vPqLb1/dN3Z9eJFhXIii3Bb9rU+ef6X1m/yrp/xtVZHaaOSf3FfddccPBStVlL45J+4B8+u/ZWdQ//Plv2s+U9d/5lf5E9nn/JkE9T+LG0AC6KxLqv8+Qjmp/s/q/8ZZS+j/OdQRpm4bZ+fP1mhZeP7xCytL/oeJYn4SjOz/Avmdv/DjCy57//cHhTVmbU59fV/XJxz/19z/u+a7zXD+d27G+Z9FwvnfpP81ufr+DwAAAAAAAAD/3x0yk74WACgAAA==",
};

const LONG = `dir/${"d".repeat(60)}/${"e".repeat(60)}`;
const MTIME = Date.UTC(2021, 2, 1, 10) / 1000;
const enc = new TextEncoder();

function summary(entries: TarEntry[]) {
  return entries.map((e) => ({
    path: e.path,
    type: e.type,
    mode: e.mode.toString(8),
    size: e.data?.length ?? 0,
    target: e.target,
    owner: `${e.uid}:${e.gid}`,
    mtime: e.mtime,
  }));
}

const EXPECTED = [
  { path: "a.txt", type: "file", mode: "600", size: 6, target: undefined },
  { path: "dir", type: "dir", mode: "755", size: 0, target: undefined },
  { path: "dir/big", type: "file", mode: "644", size: 600, target: undefined },
  { path: `${"dir/"}${"d".repeat(60)}`, type: "dir", mode: "755", size: 0, target: undefined },
  { path: LONG, type: "dir", mode: "755", size: 0, target: undefined },
  { path: `${LONG}/${"f".repeat(40)}.txt`, type: "file", mode: "644", size: 5, target: undefined },
  { path: "link", type: "symlink", mode: "777", size: 0, target: "a.txt" },
].map((e) => ({ ...e, owner: "1000:1000", mtime: MTIME }));

describe("reading GNU tar's archives", () => {
  it.each(Object.keys(FIXTURES))("--format=%s", (fmt) => {
    const tar = gunzipSync(Uint8Array.from(atob(FIXTURES[fmt]), (c) => c.charCodeAt(0)));
    const entries = unpackTar(tar);
    // "./" itself has no path once cleaned, and is dropped.
    expect(summary(entries)).toEqual(EXPECTED);
    expect(new TextDecoder().decode(entries[0].data)).toBe("hello\n");
    expect(entries[2].data!.every((b) => b === 0x78)).toBe(true);
  });

  it.each([
    ["a corrupted header", (t: Uint8Array) => (t[0] ^= 1), /checksum/],
    ["a cut-off archive", (t: Uint8Array) => t.subarray(0, 512 + 100), /truncated/],
  ])("rejects %s", (_name, spoil, msg) => {
    let tar: Uint8Array = packTar([
      { path: "x", type: "file", mode: 0o644, uid: 0, gid: 0, mtime: 0, data: new Uint8Array(600) },
    ]);
    const r = spoil(tar);
    if (r instanceof Uint8Array) tar = r;
    expect(() => unpackTar(tar)).toThrow(TarError);
    expect(() => unpackTar(tar)).toThrow(msg);
  });

  it("drops entries that climb out with ..", () => {
    const tar = packTar([
      {
        path: "../evil",
        type: "file",
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 0,
        data: enc.encode("x"),
      },
      { path: "ok", type: "file", mode: 0o644, uid: 0, gid: 0, mtime: 0, data: enc.encode("y") },
    ]);
    expect(unpackTar(tar).map((e) => e.path)).toEqual(["ok"]);
  });

  it.each([
    ["./a/b/", "a/b"],
    ["/abs/x", "abs/x"],
    ["a//b/./c", "a/b/c"],
    ["a/../b", null],
    [".", ""],
  ])("cleanTarPath(%j)", (p, want) => {
    expect(cleanTarPath(p)).toBe(want);
  });
});

describe("writing archives", () => {
  const entries: TarEntry[] = [
    {
      path: "a.txt",
      type: "file",
      mode: 0o600,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      data: enc.encode("hello\n"),
    },
    { path: "dir", type: "dir", mode: 0o755, uid: 1000, gid: 1000, mtime: MTIME },
    {
      path: "dir/big",
      type: "file",
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      data: new Uint8Array(600).fill(0x78),
    },
    {
      path: `dir/${"n".repeat(150)}`,
      type: "file",
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      data: enc.encode("long\n"),
    },
    {
      path: `${"p".repeat(120)}/${"q".repeat(120)}`,
      type: "dir",
      mode: 0o700,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
    },
    {
      path: "link",
      type: "symlink",
      mode: 0o777,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      target: "a.txt",
    },
    {
      path: "far",
      type: "symlink",
      mode: 0o777,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      target: `/${"t".repeat(130)}`,
    },
    {
      path: "ünï",
      type: "file",
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      mtime: MTIME,
      data: new Uint8Array(0),
    },
  ];

  it("round-trips through unpackTar", () => {
    const tar = packTar(entries);
    expect(tar.length % 512).toBe(0);
    expect(unpackTar(tar)).toEqual(entries.map((e) => (e.type === "file" ? e : { ...e })));
  });

  const gnuTar = spawnSync("tar", ["--version"]).status === 0;
  it.skipIf(!gnuTar)("is read by GNU tar (tar -tv, tar -x)", () => {
    const dir = mkdtempSync(join(tmpdir(), "vkern-tar-"));
    writeFileSync(join(dir, "home.tar"), packTar(entries));
    const list = spawnSync("tar", ["-tvf", "home.tar", "--numeric-owner", "--utc"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(list.stderr).toBe("");
    const lines = list.stdout.trim().split("\n");
    expect(lines).toHaveLength(entries.length);
    expect(lines[0]).toBe("-rw------- 1000/1000         6 2021-03-01 10:00 a.txt");
    expect(lines[3]).toContain(`dir/${"n".repeat(150)}`);
    expect(lines[5]).toMatch(/^lrwxrwxrwx .* link -> a\.txt$/);
    expect(lines[6]).toContain(`far -> /${"t".repeat(130)}`);
    const x = spawnSync("tar", ["-xf", "home.tar", "-C", dir], { cwd: dir, encoding: "utf8" });
    expect(x.stderr).toBe("");
    expect(readFileSync(join(dir, "dir", "n".repeat(150)), "utf8")).toBe("long\n");
  });
});
