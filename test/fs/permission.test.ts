import { describe, expect, it } from "vitest";
import { O_RDONLY, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { writeFile } from "../../src/init/initramfs.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { bootWith, proc } from "../helpers.ts";

/**
 * The permission matrix of fs/namei.c:generic_permission(): owner/group/other bits, then
 * CAP_DAC_OVERRIDE (read/write anything; execute only if some x bit is set) and
 * CAP_DAC_READ_SEARCH for root.
 */
type Who = "owner" | "group" | "other" | "root";
const uidOf: Record<Who, number> = { owner: 1000, group: 1001, other: 1002, root: 0 };

function expectedAllowed(who: Who, mode: number, op: "r" | "w" | "x"): boolean {
  const bit = op === "r" ? 4 : op === "w" ? 2 : 1;
  if (who === "root") return op === "x" ? (mode & 0o111) !== 0 : true;
  const shift = who === "owner" ? 6 : who === "group" ? 3 : 0;
  return ((mode >> shift) & bit) !== 0;
}

describe("DAC permission checks on tmpfs", () => {
  const modes = [
    0o000, 0o400, 0o200, 0o100, 0o040, 0o020, 0o010, 0o004, 0o002, 0o001, 0o644, 0o750, 0o755,
    0o777,
  ];
  for (const mode of modes) {
    it(`mode ${mode.toString(8).padStart(4, "0")}`, async () => {
      const k = await bootWith([], {
        users: [
          { name: "root", uid: 0, gid: 0, groups: [], home: "/root", shell: "/bin/bash" },
          { name: "own", uid: 1000, gid: 1000, groups: [], home: "/", shell: "/bin/sh" },
          { name: "grp", uid: 1001, gid: 1001, groups: ["team"], home: "/", shell: "/bin/sh" },
          { name: "oth", uid: 1002, gid: 1002, groups: [], home: "/", shell: "/bin/sh" },
        ],
        groups: [
          { name: "root", gid: 0 },
          { name: "team", gid: 500 },
        ],
      });
      writeFile(k, "/tmp/f", "#!/bin/sh\n", mode, { uid: 1000, gid: 500 });
      for (const who of ["owner", "group", "other", "root"] as Who[]) {
        const { libc } = proc(k, uidOf[who]);
        for (const op of ["r", "w", "x"] as const) {
          let ok = true;
          try {
            if (op === "x") await libc.access("/tmp/f", 1);
            else await libc.close(await libc.open("/tmp/f", op === "r" ? O_RDONLY : O_WRONLY));
          } catch (e) {
            expect(e).toBeInstanceOf(SysError);
            expect((e as SysError).code).toBe("EACCES");
            ok = false;
          }
          expect(ok, `${who} ${op} on ${mode.toString(8)}`).toBe(expectedAllowed(who, mode, op));
        }
      }
    });
  }

  it("search permission on a directory guards lookups below it; root passes with CAP_DAC_READ_SEARCH", async () => {
    const k = await bootWith();
    const root = proc(k, 0).libc;
    await root.mkdir("/tmp/d", 0o700);
    await root.writeFile("/tmp/d/x", "data");
    const user = proc(k, 1000).libc;
    await expect(user.stat("/tmp/d/x")).rejects.toMatchObject({ code: "EACCES" });
    expect((await root.stat("/tmp/d/x")).size).toBe(4);
  });

  it("the sticky bit on /tmp: only the owner may remove a file", async () => {
    const k = await bootWith();
    const a = proc(k, 1000).libc;
    await a.writeFile("/tmp/mine", "x");
    const b = proc(k, 1001).libc;
    await expect(b.unlink("/tmp/mine")).rejects.toMatchObject({ code: "EPERM" });
    expect(await a.unlink("/tmp/mine")).toBe(0);
  });
});
