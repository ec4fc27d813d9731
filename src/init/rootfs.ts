/** The root filesystem's skeleton: the directories and /etc files of an Ubuntu box. */
import type { Kernel } from "../kernel/kernel.ts";
import { buildKo, modinfoTags } from "../kernel/module_ko.ts";
import { mkdirp, symlink, writeFile } from "./initramfs.ts";

export function populateRootfs(k: Kernel): void {
  const o = k.options;
  for (const d of [
    "bin",
    "sbin",
    "usr/bin",
    "usr/sbin",
    "usr/lib",
    "usr/share",
    "usr/include",
    "etc",
    "home",
    "dev",
    "proc",
    "sys",
    "run",
    "mnt",
    "opt",
    "srv",
    "var/log",
    "var/tmp",
    "boot",
    "media",
  ]) {
    mkdirp(k, d);
  }
  mkdirp(k, "root", 0o700);
  mkdirp(k, "tmp", 0o1777);
  mkdirp(k, `lib/modules/${o.release}/extra`);
  mkdirp(k, `lib/modules/${o.release}/kernel`);
  const groupsOf = (gid: number) => o.groups.find((g) => g.gid === gid)?.name ?? String(gid);
  const passwd = [
    ...o.users.map(
      (u) => `${u.name}:x:${u.uid}:${u.gid}:${u.gecos ?? u.name}:${u.home}:${u.shell}`,
    ),
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
  ];
  writeFile(k, "etc/passwd", `${passwd.join("\n")}\n`);
  const members = (g: string) =>
    o.users
      .filter((u) => u.groups.includes(g))
      .map((u) => u.name)
      .join(",");
  writeFile(
    k,
    "etc/group",
    `${o.groups.map((g) => `${g.name}:x:${g.gid}:${members(g.name)}`).join("\n")}\n`,
  );
  writeFile(
    k,
    "etc/shadow",
    `${o.users.map((u) => `${u.name}:*:18600:0:99999:7:::`).join("\n")}\n`,
    0o640,
    { gid: 42 },
  );
  writeFile(k, "etc/hostname", `${o.hostname}\n`);
  writeFile(k, "etc/hosts", `127.0.0.1\tlocalhost\n127.0.1.1\t${o.hostname}\n`);
  writeFile(
    k,
    "etc/os-release",
    'NAME="Ubuntu"\nVERSION="18.04.5 LTS (Bionic Beaver)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 18.04.5 LTS"\nVERSION_ID="18.04"\n',
  );
  writeFile(k, "etc/issue", "Ubuntu 18.04.5 LTS \\n \\l\n\n");
  writeFile(
    k,
    "etc/sudoers",
    "root\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) NOPASSWD: ALL\n",
    0o440,
  );
  writeFile(k, "etc/shells", "/bin/sh\n/bin/bash\n/bin/dash\n");
  writeFile(
    k,
    "etc/fstab",
    "UUID=3c1ab4f4-2b0a-4d3c-9a8f-1f1f0b8c3d2e /               ext4    errors=remount-ro 0       1\n",
  );
  for (const u of o.users) {
    if (u.uid === 0) continue;
    mkdirp(k, u.home, 0o755, { uid: u.uid, gid: u.gid });
    writeFile(k, `${u.home}/.bashrc`, "# ~/.bashrc\n", 0o644, { uid: u.uid, gid: u.gid });
    writeFile(k, `${u.home}/.profile`, "# ~/.profile\n", 0o644, { uid: u.uid, gid: u.gid });
  }
  writeFile(k, "root/.bashrc", "# ~/.bashrc\n");
  // The modules the kernel can load: /lib/modules/<release>/extra/<name>.ko
  const deps: string[] = [];
  for (const def of o.modules) {
    const path = `lib/modules/${o.release}/extra/${def.name}.ko`;
    writeFile(k, path, buildKo(modinfoTags(def, o.release), { kind: "builtin", name: def.name }));
    deps.push(`extra/${def.name}.ko:${(def.depends ?? []).map((d) => ` extra/${d}.ko`).join("")}`);
  }
  writeFile(k, `lib/modules/${o.release}/modules.dep`, deps.length ? `${deps.join("\n")}\n` : "");
  symlink(k, "var/run", "/run");
  void groupsOf;
}
