/**
 * pr_*() from module code: the pr_fmt prefix with KBUILD_MODNAME and __func__ (the name
 * of the function that called the helper), and the default "<module>: " prefix.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { pr_debug, pr_err, pr_info, pr_warn, printk } from "../../src/linux.ts";
import { bootWith, insmod } from "../helpers.ts";

/** Each call form a driver might use; each logs one line naming its form. */
function forms(): [string, () => void][] {
  function plain_function() {
    pr_info("plain\n");
  }
  function outer_function() {
    function inner_function() {
      pr_info("nested\n");
    }
    inner_function();
  }
  const arrow_const = () => pr_info("arrow\n");
  const ops = {
    object_method() {
      pr_info("method\n");
    },
  };
  class Driver {
    class_method() {
      pr_warn("class %d\n", 1);
    }
    static static_method() {
      pr_err("static\n");
    }
  }
  function calls_anonymous() {
    [0].forEach(() => {
      pr_info("anonymous\n");
    });
  }
  function debug_caller() {
    pr_debug("debug %s\n", "on");
  }
  return [
    ["plain", plain_function],
    ["nested", outer_function],
    ["arrow", arrow_const],
    ["method", () => ops.object_method()],
    ["class", () => new Driver().class_method()],
    ["static", () => Driver.static_method()],
    ["anonymous", calls_anonymous],
    ["debug", debug_caller],
  ];
}

/** A DEBUG module with the book's pr_fmt; `which` picks the call form its init runs. */
function funcModule(which: string, pr_fmt?: ModuleDefinition["pr_fmt"]): ModuleDefinition {
  return {
    name: "printk_func",
    license: "GPL",
    debug: true,
    ...(pr_fmt ? { pr_fmt } : {}),
    load: () => ({
      init() {
        for (const [name, fn] of forms()) if (name === which) fn();
        return 0;
      },
    }),
  };
}

async function logOf(def: ModuleDefinition): Promise<string> {
  const k: Kernel = await bootWith([def]);
  expect(await insmod(k, def.name)).toBe(0);
  return k.log.all().at(-1)!.text;
}

const book = (modname: string, func: string) => `${modname}:${func}(): `;

// [call form, the line it logs]
const cases: [string, string][] = [
  ["plain", "printk_func:plain_function(): plain"],
  ["nested", "printk_func:inner_function(): nested"],
  ["arrow", "printk_func:arrow_const(): arrow"],
  ["method", "printk_func:object_method(): method"],
  ["class", "printk_func:class_method(): class 1"],
  ["static", "printk_func:static_method(): static"],
  // An anonymous function has no __func__ of its own: the nearest named frame is
  // used, here Array.prototype.forEach (what the stack walk has always given).
  ["anonymous", "printk_func:forEach(): anonymous"],
  ["debug", "printk_func:debug_caller(): debug on"],
];

describe("__func__ in pr_fmt", () => {
  it.each(cases)("%s caller logs %j", async (which, line) => {
    expect(await logOf(funcModule(which, book))).toBe(line);
  });

  describe("without V8's Error.captureStackTrace (other engines)", () => {
    const saved = Error.captureStackTrace;
    afterEach(() => {
      Error.captureStackTrace = saved;
    });
    it.each(cases)("%s caller logs %j", async (which, line) => {
      (Error as { captureStackTrace?: unknown }).captureStackTrace = undefined;
      expect(await logOf(funcModule(which, book))).toBe(line);
    });
  });

  it("leaves Error.stackTraceLimit and Error.prepareStackTrace as they were", async () => {
    const E = Error as { prepareStackTrace?: unknown };
    const prepare = E.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    await logOf(funcModule("plain", book));
    expect(E.prepareStackTrace).toBe(prepare);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

describe("module prefixes", () => {
  it.each([
    ["the default prefix", undefined, "printk_func: plain"],
    ["a prefix with %% in it (part of the format, as in C)", () => "100%% ", "100% plain"],
    ["a prefix with a conversion", () => "[%s] ", "[(null)] plain"],
  ] as [string, ModuleDefinition["pr_fmt"], string][])("%s", async (_what, pr_fmt, line) => {
    expect(await logOf(funcModule("plain", pr_fmt))).toBe(line);
  });

  it("printk() adds no prefix; KERN_<LEVEL> sets the level", async () => {
    const def: ModuleDefinition = {
      name: "printk_plain",
      license: "GPL",
      load: () => ({
        init() {
          printk("\x013plain %d\n", 7);
          return 0;
        },
      }),
    };
    const k = await bootWith([def]);
    expect(await insmod(k, def.name)).toBe(0);
    const rec = k.log.all().at(-1)!;
    expect([rec.text, rec.level]).toEqual(["plain 7", 3]);
  });
});
