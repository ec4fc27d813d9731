/** Freed memory (kfree, module statics after unload) faults on every access, at its address. */
import { describe, expect, it } from "vitest";
import { isPoisoned, KernelFault, poison, poisonable } from "../../src/kernel/fault.ts";

function faultOf(f: () => unknown): KernelFault {
  try {
    f();
  } catch (e) {
    if (e instanceof KernelFault) return e;
    throw e;
  }
  throw new Error("no fault");
}

class Ctx {
  a = 1;
  b = 2;
  bump(): number {
    return ++this.a;
  }
}

describe("poisonable memory", () => {
  it("is the same plain object while live", () => {
    const o = { x: 1 };
    const p = poisonable(o, 0x1000n);
    expect(p).toBe(o);
    p.x = 5;
    expect(p.x).toBe(5);
    expect(isPoisoned(p)).toBe(false);
  });

  it.each([
    ["reading a field", (o: Ctx) => o.b, 0x1008n, false],
    [
      "writing a field",
      (o: Ctx) => {
        o.a = 3;
      },
      0x1000n,
      true,
    ],
    ["a field it never had", (o: Ctx) => (o as unknown as { zz: number }).zz, 0x1000n, false],
    ["calling a method", (o: Ctx) => o.bump(), 0x1000n, false],
  ] as const)("once freed, %s faults at the field's address", (_n, f, addr, write) => {
    const o = poisonable(new Ctx(), 0x1000n);
    poison(o);
    expect(isPoisoned(o)).toBe(true);
    const e = faultOf(() => f(o));
    expect(e.kind).toBe("page");
    expect(e.address).toBe(addr);
    expect(e.write).toBe(write);
  });

  it("freeing memory that was never allocated, or twice, changes nothing", () => {
    const o = { x: 1 };
    poison(o);
    expect(o.x).toBe(1);
    const p = poisonable({ y: 2 }, 0x2000n);
    poison(p);
    poison(p);
    expect(faultOf(() => p.y).address).toBe(0x2000n);
  });

  it("an array keeps its length but its elements fault", () => {
    const a = poisonable([1, 2, 3], 0x3000n);
    poison(a);
    expect(faultOf(() => a[1]).address).toBe(0x3008n);
  });
});
