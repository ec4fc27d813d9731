/**
 * A module that leaves a promise rejection unhandled must not end the CLI's process:
 * `vkern -c` builds and loads such a module, then goes on (exit status 0, no JavaScript
 * stack trace), and dmesg reports it.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const vkern = fileURLToPath(new URL("../../bin/vkern.js", import.meta.url));

const moduleSource = [
  'import { pr_info } from "linux";',
  "export default {",
  '  name: "rej",',
  '  license: "GPL",',
  "  load() {",
  "    return {",
  "      init(): number {",
  '        void Promise.reject(new Error("nobody catches this"));',
  '        pr_info("loaded\\n");',
  "        return 0;",
  "      },",
  "      exit(): void {},",
  "    };",
  "  },",
  "};",
].join("\n");

const script = [
  "mkdir -p /tmp/rej && cd /tmp/rej",
  `cat > rej.ts <<'END'\n${moduleSource}\nEND`,
  "printf 'obj-m += rej.o\\nall:\\n\\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\\n' > Makefile",
  "make -s && sudo insmod ./rej.ko && sleep 1 && echo still running",
  "dmesg | grep -c 'unhandled promise rejection in kernel code: Error: nobody catches this'",
].join("\n");

describe("vkern CLI", () => {
  it("survives a module's unhandled promise rejection and logs it", () => {
    // A real clock, so that `sleep 1` lets Node report the rejection before dmesg runs.
    const out = execFileSync(process.execPath, [vkern, "--clock", "real", "-c", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(out).toBe("still running\n1\n");
  }, 60_000);
});
