/**
 * hostname(1), the hostname package (3.20 on Ubuntu 18.04): show or set the system's host
 * name. -s short, -f FQDN and -d domain and -i addresses (resolved through /etc/hosts, as
 * getaddrinfo() would with no DNS), -a aliases, -y NIS domain; setting needs root.
 */

import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** /etc/hosts lines naming `name`: [address, canonical name, aliases]. */
async function hostsFor(libc: Libc, name: string): Promise<[string, string, string[]][]> {
  let text = "";
  try {
    text = await libc.readFileText("/etc/hosts");
  } catch {
    return [];
  }
  const hits: [string, string, string[]][] = [];
  for (const line of text.split("\n")) {
    const f = line.replace(/#.*/, "").trim().split(/\s+/);
    if (f.length >= 2 && f.slice(1).includes(name)) hits.push([f[0], f[1], f.slice(2)]);
  }
  return hits;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = "hostname";
  const parsed = getoptLong(argv, "aAdfF:hiIsVyb", [
    { name: "alias", hasArg: 0, val: "a" },
    { name: "all-fqdns", hasArg: 0, val: "A" },
    { name: "domain", hasArg: 0, val: "d" },
    { name: "fqdn", hasArg: 0, val: "f" },
    { name: "long", hasArg: 0, val: "f" },
    { name: "file", hasArg: 1, val: "F" },
    { name: "help", hasArg: 0, val: "h" },
    { name: "ip-address", hasArg: 0, val: "i" },
    { name: "all-ip-addresses", hasArg: 0, val: "I" },
    { name: "short", hasArg: 0, val: "s" },
    { name: "version", hasArg: 0, val: "V" },
    { name: "yp", hasArg: 0, val: "y" },
    { name: "nis", hasArg: 0, val: "y" },
    { name: "boot", hasArg: 0, val: "b" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + USAGE);
    return 1;
  }
  let mode = "";
  let file: string | null = null;
  for (const o of parsed.options) {
    if (o.key === "h") {
      await out(libc, USAGE);
      return 0;
    }
    if (o.key === "V") {
      await libc.stderr.write("hostname 3.20\n");
      return 0;
    }
    if (o.key === "F") file = o.arg ?? "";
    else if (o.key !== "b") mode = o.key;
  }
  if (parsed.operands.length > 1) {
    await libc.stderr.write(USAGE);
    return 1;
  }
  const newName = parsed.operands[0] ?? null;
  if (newName !== null || file !== null) {
    let name = newName ?? "";
    if (file !== null) {
      try {
        name =
          (await libc.readFileText(file)).split("\n").find((l) => l && !l.startsWith("#")) ?? "";
      } catch (e) {
        await warn(libc, prog, `${file}: ${libc.strerror((e as { errno: number }).errno)}`);
        return 1;
      }
    }
    const r = await libc.withString(name, (p) => libc.rawSyscall("sethostname", p, name.length));
    if (r === -1) {
      await warn(libc, prog, "you must be root to change the host name");
      return 1;
    }
    if (r < 0) {
      await warn(libc, prog, libc.strerror(-r));
      return 1;
    }
    return 0;
  }
  const host = (await libc.uname()).nodename;
  switch (mode) {
    case "": {
      await out(libc, `${host}\n`);
      break;
    }
    case "s":
      await out(libc, `${host.split(".")[0]}\n`);
      break;
    case "f":
    case "A":
    case "d":
    case "a":
    case "i": {
      const hits = await hostsFor(libc, host);
      if (!hits.length && mode !== "A") {
        await warn(libc, prog, "Name or service not known");
        return 1;
      }
      const fqdn = hits[0]?.[1] ?? host;
      if (mode === "f") await out(libc, `${fqdn}\n`);
      else if (mode === "A") await out(libc, "\n");
      else if (mode === "d") {
        const dot = fqdn.indexOf(".");
        if (dot >= 0) await out(libc, `${fqdn.slice(dot + 1)}\n`);
      } else if (mode === "a") await out(libc, `${hits[0][2].join(" ")}\n`);
      else await out(libc, `${hits.map((h) => h[0]).join(" ")}\n`);
      break;
    }
    case "I":
      await out(libc, "\n");
      break;
    case "y":
      await warn(libc, prog, "Local domain name not set");
      return 1;
  }
  return finish(libc, prog, 0);
}
