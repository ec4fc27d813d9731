/**
 * User memory from the program's side: malloc/free over anonymous mappings, and
 * reading and writing C types at addresses. An access to unmapped memory is a
 * segmentation fault, as in C.
 */
import type { MM } from "../../mm/mm.ts";
import { SegmentationFault } from "./errors.ts";

export type Ptr = number;

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Size classes are powers of two from 16 bytes; a 16-byte header keeps the class. */
const HEADER = 16;
const ARENA = 1 << 20;

export interface HeapState {
  arenaNext: number;
  arenaEnd: number;
  free: Map<number, number[]>;
}

export function newHeap(): HeapState {
  return { arenaNext: 0, arenaEnd: 0, free: new Map() };
}

export function cloneHeap(h: HeapState): HeapState {
  return {
    arenaNext: h.arenaNext,
    arenaEnd: h.arenaEnd,
    free: new Map([...h.free].map(([k, v]) => [k, [...v]])),
  };
}

export class Memory {
  constructor(
    private readonly getMM: () => MM,
    readonly heap: HeapState,
    /** Maps fresh anonymous memory (the mmap system call). */
    private readonly mapper: (len: number) => number,
  ) {}

  private get mm(): MM {
    return this.getMM();
  }

  /** malloc(3): NULL (0) when size is 0 or the mapping fails. */
  malloc(size: number): Ptr {
    if (size <= 0) return 0;
    let cls = 16;
    while (cls < size) cls *= 2;
    const list = this.heap.free.get(cls);
    if (list?.length) return list.pop()!;
    const need = cls + HEADER;
    if (this.heap.arenaNext + need > this.heap.arenaEnd) {
      const len = Math.max(ARENA, need);
      const base = this.mapper(len);
      if (base <= 0) return 0;
      this.heap.arenaNext = base;
      this.heap.arenaEnd = base + len;
    }
    const block = this.heap.arenaNext;
    this.heap.arenaNext += need;
    this.setU32(block, cls);
    return block + HEADER;
  }

  /** calloc(3) */
  calloc(n: number, size: number): Ptr {
    const p = this.malloc(n * size);
    if (p) this.fill(p, 0, n * size);
    return p;
  }

  free(p: Ptr): void {
    if (!p) return;
    const cls = this.u32(p - HEADER);
    const list = this.heap.free.get(cls) ?? [];
    list.push(p);
    this.heap.free.set(cls, list);
  }

  /** Bytes at an address (a copy). */
  read(addr: Ptr, n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (n && this.mm.read(addr, out, n)) throw new SegmentationFault(addr);
    return out;
  }

  write(addr: Ptr, data: Uint8Array | string): void {
    const b = typeof data === "string" ? enc.encode(data) : data;
    if (b.length && this.mm.write(addr, b, b.length)) throw new SegmentationFault(addr);
  }

  fill(addr: Ptr, byte: number, n: number): void {
    this.write(addr, new Uint8Array(n).fill(byte));
  }

  private view(addr: Ptr, n: number): DataView {
    return new DataView(this.read(addr, n).buffer);
  }

  u8(a: Ptr): number {
    return this.read(a, 1)[0];
  }
  u16(a: Ptr): number {
    return this.view(a, 2).getUint16(0, true);
  }
  u32(a: Ptr): number {
    return this.view(a, 4).getUint32(0, true);
  }
  i32(a: Ptr): number {
    return this.view(a, 4).getInt32(0, true);
  }
  u64(a: Ptr): bigint {
    return this.view(a, 8).getBigUint64(0, true);
  }
  i64(a: Ptr): bigint {
    return this.view(a, 8).getBigInt64(0, true);
  }
  setU8(a: Ptr, v: number): void {
    this.write(a, Uint8Array.of(v & 0xff));
  }
  setU16(a: Ptr, v: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.write(a, b);
  }
  setU32(a: Ptr, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(a, b);
  }
  setI32(a: Ptr, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    this.write(a, b);
  }
  setU64(a: Ptr, v: bigint | number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true);
    this.write(a, b);
  }

  /** A NUL-terminated string at an address. */
  cstring(addr: Ptr, max = 1 << 20): string {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const c = this.u8(addr + i);
      if (!c) break;
      bytes.push(c);
    }
    return dec.decode(Uint8Array.from(bytes));
  }

  /** strdup into user memory: a NUL-terminated copy, to free() later. */
  strdup(s: string): Ptr {
    const b = enc.encode(s);
    const p = this.malloc(b.length + 1);
    this.write(p, b);
    this.setU8(p + b.length, 0);
    return p;
  }

  /** A NULL-terminated array of string pointers (argv, envp); returns the pointers to free. */
  stringArray(list: readonly string[]): { ptr: Ptr; allocs: Ptr[] } {
    const allocs = list.map((s) => this.strdup(s));
    const arr = this.malloc((list.length + 1) * 8);
    allocs.forEach((p, i) => this.setU64(arr + i * 8, p));
    this.setU64(arr + list.length * 8, 0);
    allocs.push(arr);
    return { ptr: arr, allocs };
  }
}
