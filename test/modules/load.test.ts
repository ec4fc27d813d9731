/**
 * Loading modules built from TypeScript: insmod/rmmod/lsmod/modinfo on the .ko make
 * built, fresh statics on every load, parameters, licenses, unknown symbols, and the
 * shipped demo modules built from their own source in the guest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIR, guest, kbuildMakefile, procModule } from "./helpers.ts";

async function built(name: string, src: string) {
  const g = await guest();
  await g.put(`${name}.ts`, src);
  await g.put("Makefile", kbuildMakefile(name));
  const r = await g.sh("make -s");
  expect(r.status, r.output).toBe(0);
  return g;
}

describe("insmod of a module built from TypeScript", () => {
  it("loads, works, unloads; every load starts with fresh statics", async () => {
    const { sh, k } = await built("hello", procModule("hello"));
    const r = await sh(
      "sudo insmod ./hello.ko && cat /proc/hello /proc/hello && lsmod | grep hello && sudo rmmod hello && sudo insmod ./hello.ko && cat /proc/hello",
    );
    expect(r.output).toBe(
      `read 1\nread 2\nhello                  ${k.modules.find("hello")!.size}  0\nread 1\n`,
    );
    const log = (await sh("dmesg | tail -4 | cut -c16-")).output;
    expect(log).toBe(
      "hello: loading out-of-tree module taints kernel.\nhello: loaded\nhello: unloaded\nhello: loaded\n",
    );
  });

  it("modinfo shows the metadata of the definition; parameters work", async () => {
    const src = procModule("pm")
      .replace(
        'version: "1.0",',
        'version: "1.0",\n  params: { level: { type: "int", perm: 0o644, desc: "the debug level" } },',
      )
      .replace(
        'seq_printf(m, "read %d\\n", ++reads);',
        'seq_printf(m, "read %d level %d\\n", ++reads, params.level);',
      )
      .replace("load(THIS_MODULE) {", "load(THIS_MODULE, params) {");
    const { sh } = await built("pm", src);
    const info = await sh("modinfo ./pm.ko");
    expect(info.output).toMatch(
      new RegExp(
        `^filename:       ${DIR}/\\./pm.ko\nversion:        1.0\ndescription:    counts the reads of /proc/pm\nauthor:         llkd\nlicense:        GPL\nsrcversion:     [0-9A-F]{23}\ndepends:        \nretpoline:      Y\nname:           pm\nvermagic:       5.4.0-llkd01 SMP mod_unload modversions \nparm:           level:the debug level \\(int\\)\n$`,
      ),
    );
    const r = await sh(
      "sudo insmod ./pm.ko level=2 && cat /proc/pm && cat /sys/module/pm/parameters/level",
    );
    expect(r.output).toBe("read 1 level 2\n2\n");
  });

  it("the module's name is its object's (KBUILD_MODNAME), whatever the source says", async () => {
    const { sh, k } = await built("real", procModule("other"));
    await sh("sudo insmod ./real.ko");
    expect(k.modules.find("real")).not.toBeNull();
    expect(k.modules.find("other")).toBeNull();
  });

  it("without MODULE_LICENSE() the kernel is tainted P", async () => {
    const { sh } = await built("nolic", procModule("nolic").replace('  license: "GPL",\n', ""));
    await sh("sudo insmod ./nolic.ko");
    expect((await sh("dmesg | grep taints | cut -c16-")).output).toBe(
      "nolic: loading out-of-tree module taints kernel.\nnolic: module license 'unspecified' taints kernel.\n",
    );
    expect((await sh("cat /proc/sys/kernel/tainted")).output).toBe("4097\n");
  });

  it("an unknown symbol: insmod fails as kmod says, the kernel logs it", async () => {
    const { sh, k } = await built(
      "undef",
      'import { no_such_symbol } from "linux";\nexport default { name: "undef", license: "GPL", load() { return { init: () => no_such_symbol() }; } };\n',
    );
    const r = await sh("sudo insmod ./undef.ko");
    expect(r).toMatchObject({
      status: 1,
      output: "insmod: ERROR: could not insert module ./undef.ko: Unknown symbol in module\n",
    });
    expect((await sh("dmesg | tail -1 | cut -c16-")).output).toBe(
      "undef: Unknown symbol no_such_symbol (err -2)\n",
    );
    expect(k.modules.find("undef")).toBeNull();
  });

  it("a .ko that is not a module: Invalid module format", async () => {
    const g = await guest();
    await g.put("junk.ko", "\x7fELF this is not a module");
    expect((await g.sh("sudo insmod ./junk.ko")).output).toBe(
      "insmod: ERROR: could not insert module ./junk.ko: Invalid module format\n",
    );
  });

  it("the shipped demo modules build from their source, as a learner copies them", async () => {
    const src = readFileSync(
      join(import.meta.dirname, "../../src/modules/procfs_simple_intf/procfs_simple_intf.ts"),
      "utf8",
    );
    const { sh } = await built("procfs_simple_intf", src);
    const r = await sh(
      "sudo insmod ./procfs_simple_intf.ko && ls /proc/procfs_simple_intf && cat /proc/procfs_simple_intf/llkdproc_debug_level",
    );
    expect(r.output).toBe(
      "llkdproc_config1\nllkdproc_debug_level\nllkdproc_show_drvctx\nllkdproc_show_pgoff\ndebug_level:0\n",
    );
  });
});
