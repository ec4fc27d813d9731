/**
 * A user address space (struct mm_struct): mapped regions backed by bytes.
 * Pointers that user programs pass to system calls are addresses in it.
 */

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
/** x86_64 TASK_SIZE_MAX with 4-level paging: the end of user space. */
export const TASK_SIZE = 0x7ffffffff000;

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export interface VmArea {
  start: number;
  end: number;
  prot: number;
  bytes: Uint8Array;
  name: string;
}

export function PAGE_ALIGN(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

/** Where new anonymous mappings go, growing down as on x86_64 (mmap_base below the stack). */
const MMAP_BASE = 0x7f0000000000;

export class MM {
  /** Regions sorted by start address. */
  private vmas: VmArea[] = [];
  private lastHit: VmArea | null = null;
  private mmapTop = MMAP_BASE;

  /** Maps [start, start+len) at a fixed address; fails (null) on overlap. */
  mapFixed(start: number, len: number, prot: number, name: string): VmArea | null {
    const end = start + PAGE_ALIGN(len);
    if (start % PAGE_SIZE !== 0 || end > TASK_SIZE || start <= 0) return null;
    for (const v of this.vmas) if (start < v.end && v.start < end) return null;
    const vma: VmArea = { start, end, prot, bytes: new Uint8Array(end - start), name };
    this.vmas.push(vma);
    this.vmas.sort((a, b) => a.start - b.start);
    return vma;
  }

  /** Maps anywhere below the mmap base (do_mmap without MAP_FIXED). */
  map(len: number, prot: number, name: string): VmArea {
    const size = PAGE_ALIGN(Math.max(len, 1));
    for (;;) {
      const start = this.mmapTop - size;
      this.mmapTop = start - PAGE_SIZE; // a guard gap keeps overruns from running into a neighbour
      const vma = this.mapFixed(start, size, prot, name);
      if (vma) return vma;
    }
  }

  unmap(start: number, len: number): boolean {
    const end = start + PAGE_ALIGN(len);
    const before = this.vmas.length;
    this.vmas = this.vmas.filter((v) => !(v.start >= start && v.end <= end));
    this.lastHit = null;
    return this.vmas.length !== before;
  }

  find(addr: number): VmArea | null {
    const h = this.lastHit;
    if (h && addr >= h.start && addr < h.end) return h;
    const vmas = this.vmas;
    let lo = 0;
    let hi = vmas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = vmas[mid];
      if (addr < v.start) hi = mid - 1;
      else if (addr >= v.end) lo = mid + 1;
      else {
        this.lastHit = v;
        return v;
      }
    }
    return null;
  }

  areas(): readonly VmArea[] {
    return this.vmas;
  }

  /** A copy for fork(): same layout, copied bytes. */
  clone(): MM {
    const m = new MM();
    m.vmas = this.vmas.map((v) => ({ ...v, bytes: v.bytes.slice() }));
    m.mmapTop = this.mmapTop;
    return m;
  }

  /**
   * Copies `n` bytes from `src` into user memory at `addr`, page region by region.
   * Returns the number of bytes NOT copied, as the kernel's raw_copy_to_user does.
   */
  write(addr: number, src: Uint8Array, n: number, needProt = PROT_WRITE): number {
    const h = this.lastHit;
    if (n <= 64 && h && addr >= h.start && addr + n <= h.end && (h.prot & needProt) !== 0) {
      // The common case (a system call's small argument in the area used last), without the loop.
      const dst = h.bytes;
      const off = addr - h.start;
      for (let i = 0; i < n; i++) dst[off + i] = src[i];
      return 0;
    }
    let done = 0;
    while (done < n) {
      const v = this.find(addr + done);
      if (!v || (v.prot & needProt) === 0) break;
      const off = addr + done - v.start;
      const chunk = Math.min(n - done, v.end - (addr + done));
      if (chunk <= 64) {
        // Small copies (most system-call arguments) are cheaper as a loop than set().
        const dst = v.bytes;
        for (let i = 0; i < chunk; i++) dst[off + i] = src[done + i];
      } else {
        v.bytes.set(src.subarray(done, done + chunk), off);
      }
      done += chunk;
    }
    return n - done;
  }

  /** Copies `n` bytes out of user memory into `dst`; returns the bytes NOT copied. */
  read(addr: number, dst: Uint8Array, n: number): number {
    const h = this.lastHit;
    if (n <= 64 && h && addr >= h.start && addr + n <= h.end && (h.prot & PROT_READ) !== 0) {
      const b = h.bytes;
      const off = addr - h.start;
      for (let i = 0; i < n; i++) dst[i] = b[off + i];
      return 0;
    }
    let done = 0;
    while (done < n) {
      const v = this.find(addr + done);
      if (!v || (v.prot & PROT_READ) === 0) break;
      const off = addr + done - v.start;
      const chunk = Math.min(n - done, v.end - (addr + done));
      if (chunk <= 64) {
        const b = v.bytes;
        for (let i = 0; i < chunk; i++) dst[done + i] = b[off + i];
      } else {
        dst.set(v.bytes.subarray(off, off + chunk), done);
      }
      done += chunk;
    }
    return n - done;
  }
}
