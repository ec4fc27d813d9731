/**
 * sudo and su. Texts follow sudo 1.8.21p2 and shadow's su of Ubuntu 18.04 (sudo is not
 * installed on this Debian machine to record; the strings are sudo's own, from its source).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_USERS, type Kernel } from "../../src/kernel/kernel.ts";
import { parseSudoers } from "../../src/user/bin/sudo/sudo.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { exitProgram, idsProgram, installProgram, suicideProgram } from "./helpers.ts";

let k: Kernel;
beforeEach(async () => {
  k = await boot({
    users: [
      ...DEFAULT_USERS,
      {
        name: "guest",
        uid: 1001,
        gid: 100,
        groups: [],
        home: "/home/guest",
        shell: "/usr/bin/ids",
      },
    ],
  });
  installProgram(k, "ids", idsProgram);
  installProgram(k, "suicide", suicideProgram);
  installProgram(k, "exitwith", exitProgram);
});

describe("sudo", () => {
  it("runs the command as root with a reset environment", async () => {
    const r = await runProgram(k, ["sudo", "ids"], { uid: 1000 });
    expect(r.status).toBe(0);
    expect(r.output).toBe(
      [
        "uid=0 euid=0 gid=0 groups=0",
        "HOME=/root",
        "USER=root",
        "LOGNAME=root",
        "SUDO_USER=llkd",
        "SUDO_UID=1000",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin",
        "",
      ].join("\n"),
    );
  });

  it("-u runs as another user with that user's groups", async () => {
    const r = await runProgram(k, ["sudo", "-u", "llkd", "ids"], { uid: 0 });
    expect(r.output.split("\n")[0]).toBe("uid=1000 euid=1000 gid=1000 groups=4,24,27,30,46,1000");
  });

  it.each([
    [["sudo", "nosuch"], 1000, "sudo: nosuch: command not found\n", 1],
    [
      ["sudo", "ids"],
      1001,
      "guest is not in the sudoers file.  This incident will be reported.\n",
      1,
    ],
    [["sudo", "-u", "nobody2", "ids"], 1000, "sudo: unknown user: nobody2\n", 1],
    [["sudo", "exitwith", "3"], 1000, "", 3],
  ])("%j as uid %i", async (argv, uid, out, status) => {
    expect(await runProgram(k, argv, { uid })).toMatchObject({ output: out, status });
  });

  it.each([
    [9, 137],
    [15, 143],
  ])(
    "dies of the signal (%i) that killed its command, so the shell sees %i",
    async (sig, status) => {
      const r = await runProgram(k, ["sudo", "suicide", String(sig)], { uid: 1000 });
      expect(r.status).toBe(status);
    },
  );

  it.each([
    ["/usr/bin/sudo", 0o104755],
    ["/bin/su", 0o104755],
  ])("%s is installed set-user-ID root", async (path, mode) => {
    const { libc } = hostProcess(k, 1000, "/", () => {});
    const st = await libc.stat(path);
    expect([st.mode, st.uid]).toEqual([mode, 0]);
  });

  it("parses the sudoers user specifications", () => {
    expect(
      parseSudoers(
        "Defaults env_reset\nroot\tALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) NOPASSWD: ALL # x\n",
      ),
    ).toEqual([
      { who: "root", nopasswd: false },
      { who: "%sudo", nopasswd: true },
    ]);
  });
});

describe("su", () => {
  it("lets root become a user without a password, running the user's shell", async () => {
    // guest's login shell is the `ids` test program, so the result is visible.
    const r = await runProgram(k, ["su", "-", "guest", "-c", "anything"], { uid: 0, cwd: "/" });
    expect(r.output.split("\n").slice(0, 3)).toEqual([
      "uid=1001 euid=1001 gid=100 groups=100",
      "HOME=/home/guest",
      "USER=guest",
    ]);
  });

  it("refuses a user, who has no password to give", async () => {
    expect(await runProgram(k, ["su"], { uid: 1000 })).toMatchObject({
      output: "Password: \nsu: Authentication failure\n",
      status: 1,
    });
  });

  it("knows unknown users", async () => {
    expect(await runProgram(k, ["su", "zz"], { uid: 0 })).toMatchObject({
      output: "No passwd entry for user 'zz'\n",
      status: 1,
    });
  });
});
