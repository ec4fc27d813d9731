/**
 * The membrane between the kernel and a module (src/lib/membrane.ts), on small objects:
 * what a view shows and refuses, identity across the boundary, callbacks, promises.
 */
import { describe, expect, it } from "vitest";
import { Membrane } from "../../src/lib/membrane.ts";

const secret = { kernel: true };

function membrane() {
  return new Membrane({
    denied: (v) => v === secret,
    hidden: (_raw, key) => key === "hiddenField",
    readOnly: (raw) => (raw as { ro?: boolean }).ro === true,
  });
}

describe("Membrane", () => {
  it("a view: denied values read as undefined, hidden fields do not exist", () => {
    const m = membrane();
    const host = { a: 1, k: secret, hiddenField: 2, nested: { k: secret } };
    const v = m.toGuest(host);
    expect([v.a, v.k, v.hiddenField, v.nested.k]).toEqual([1, undefined, undefined, undefined]);
    expect(Object.keys(v)).toEqual(["a", "k", "nested"]);
    expect("hiddenField" in v).toBe(false);
    expect(Object.values(v).includes(secret)).toBe(false);
    expect(m.toGuest(() => secret)()).toBeUndefined();
  });

  it("identity holds on each side, and what crosses back is unwrapped", () => {
    const m = membrane();
    const host = { child: { x: 1 } };
    const v = m.toGuest(host);
    expect(v.child).toBe(v.child);
    expect(m.toHost(v.child)).toBe(host.child);
    const guestObj = { owner: v.child };
    const seen = m.toHost(guestObj);
    expect(seen.owner).toBe(host.child);
    expect(m.toGuest(seen)).toBe(guestObj);
  });

  it("a module's callback gets views, and its result is unwrapped", () => {
    const m = membrane();
    const host = { k: secret, n: 5 };
    const fops = m.toHost({ read: (f: typeof host) => ({ kernel: f.k, n: f.n }) });
    const r = fops.read(host);
    expect(r).toEqual({ kernel: undefined, n: 5 });
  });

  it("read-only objects and what is reached through them refuse writes and mutators", () => {
    const m = membrane();
    const host = { ro: true, list: [1, 2], set: new Set([1]), cred: { uid: 1000 } };
    const v = m.toGuest(host);
    expect(() => {
      v.cred.uid = 0;
    }).toThrow(TypeError);
    expect(() => v.list.push(3)).toThrow(TypeError);
    expect(() => v.set.clear()).toThrow(TypeError);
    expect([host.cred.uid, host.list.length, host.set.size]).toEqual([1000, 2, 1]);
    expect([...v.set]).toEqual([1]);
    expect(v.list.map((x: number) => x * 2)).toEqual([2, 4]);
  });

  it("writes to a writable object go through, with the value unwrapped", () => {
    const m = membrane();
    const host: { private_data: unknown; other: object } = { private_data: null, other: {} };
    const v = m.toGuest(host);
    v.private_data = v.other;
    expect(host.private_data).toBe(host.other);
    // The __proto__ setter through a view would change the kernel object's class.
    expect(Reflect.set(v, "__proto__", null)).toBe(false);
    expect(Object.getPrototypeOf(host)).toBe(Object.prototype);
  });

  it("bytes cross as they are; promises as new promises of wrapped values", async () => {
    const m = membrane();
    const buf = new Uint8Array(4);
    expect(m.toGuest(buf)).toBe(buf);
    const p = m.toGuest(Promise.resolve({ k: secret, n: 1 }));
    expect(await p).toEqual({ k: undefined, n: 1 });
    // A module's promise whose species it chose: the host gets a plain promise anyway.
    let stolen: unknown = null;
    class Evil extends Promise<unknown> {
      constructor(ex: (res: (v: unknown) => void, rej: (e: unknown) => void) => void) {
        super(ex);
        stolen = ex;
      }
    }
    const gp = Promise.resolve(7);
    Object.defineProperty(gp, "constructor", { value: { [Symbol.species]: Evil } });
    const hp = m.toHost(gp);
    expect(Object.getPrototypeOf(hp)).toBe(Promise.prototype);
    expect(await hp).toBe(7);
    expect(stolen).not.toBeNull(); // the species ran, but its promise is not the host's
  });
});
