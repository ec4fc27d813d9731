/**
 * Socket buffers (include/linux/skbuff.h, net/core/skbuff.c), reduced to what a
 * datagram protocol needs: one linear data area with headroom and tailroom, a
 * control buffer (NETLINK_CB), an owner socket whose receive memory it is
 * charged to, and the sizes Linux 5.4 on x86_64 gives them (truesize counts
 * the struct sk_buff and skb_shared_info overhead, so queue limits fill up
 * after the same number of messages as on a real machine).
 */

/** SMP_CACHE_BYTES of x86_64 */
const SMP_CACHE_BYTES = 64;
/** sizeof(struct sk_buff) and sizeof(struct skb_shared_info) of 5.4 on x86_64 */
const SIZEOF_SK_BUFF = 224;
const SIZEOF_SKB_SHARED_INFO = 320;
const PAGE_SIZE = 4096;
/** KMALLOC_MAX_CACHE_SIZE of SLUB: larger kmallocs come straight from the page allocator. */
const KMALLOC_MAX_CACHE_SIZE = 2 * PAGE_SIZE;
const KMALLOC_SIZES = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192];

export const SKB_DATA_ALIGN = (x: number): number =>
  (x + (SMP_CACHE_BYTES - 1)) & ~(SMP_CACHE_BYTES - 1);
export const SKB_WITH_OVERHEAD = (x: number): number => x - SKB_DATA_ALIGN(SIZEOF_SKB_SHARED_INFO);
export const SKB_TRUESIZE = (x: number): number =>
  x + SKB_DATA_ALIGN(SIZEOF_SK_BUFF) + SKB_DATA_ALIGN(SIZEOF_SKB_SHARED_INFO);

/** Mirrors ksize() of a kmalloc(size): the slab object size, or whole pages when large. */
export function ksize(size: number): number {
  if (size > KMALLOC_MAX_CACHE_SIZE) {
    let pages = PAGE_SIZE;
    while (pages < size) pages *= 2;
    return pages;
  }
  for (const s of KMALLOC_SIZES) if (s >= size) return s;
  return KMALLOC_MAX_CACHE_SIZE;
}

/** Credentials a datagram carries (struct scm_creds). */
export interface ScmCreds {
  pid: number;
  uid: number;
  gid: number;
}

/** struct netlink_skb_parms: the skb's control buffer as netlink uses it. */
export interface NetlinkSkbParms {
  creds: ScmCreds;
  portid: number;
  dst_group: number;
  flags: number;
  /** The sending socket (set on delivery to a kernel socket). */
  sk: unknown;
}

/** NETLINK_SKB_DST: the sender named its destination explicitly. */
export const NETLINK_SKB_DST = 0x8;

/** What an skb is charged to: a socket's receive memory. */
export interface SkbOwner {
  sk_rmem_alloc: number;
}

/**
 * Freed data areas by size, reused by alloc_skb() (zeroed first, so vkern stays
 * deterministic): allocating typed arrays dominates the cost of a round trip otherwise.
 */
const pool = new Map<number, Uint8Array[]>();
const POOL_DEPTH = 64;

function takeHead(cap: number): Uint8Array {
  const b = pool.get(cap)?.pop();
  if (!b) return new Uint8Array(cap);
  b.fill(0);
  return b;
}

function giveHead(b: Uint8Array): void {
  let l = pool.get(b.length);
  if (!l) pool.set(b.length, (l = []));
  if (l.length < POOL_DEPTH) l.push(b);
}

export class SkBuff {
  /** The whole data area: headroom, data, tailroom. */
  readonly head: Uint8Array;
  /** skb_shinfo(skb)->dataref: the skbs sharing this data area (clones). */
  dataref: { n: number; pooled: boolean } = { n: 1, pooled: false };
  /** Offsets into head (C's pointers). */
  dataOff = 0;
  tailOff = 0;
  readonly endOff: number;
  truesize: number;
  /** Reference count (skb->users). */
  users = 1;
  sk: SkbOwner | null = null;
  destructor: ((skb: SkBuff) => void) | null = null;
  cb: NetlinkSkbParms = {
    creds: { pid: 0, uid: 0, gid: 0 },
    portid: 0,
    dst_group: 0,
    flags: 0,
    sk: null,
  };

  constructor(capacity: number, truesize: number, head?: Uint8Array) {
    this.head = head ?? new Uint8Array(capacity);
    this.endOff = capacity;
    this.truesize = truesize;
  }

  /** skb->len */
  get len(): number {
    return this.tailOff - this.dataOff;
  }

  /** skb->data: the bytes of the packet (a view, not a copy). */
  get data(): Uint8Array {
    return this.head.subarray(this.dataOff, this.tailOff);
  }
}

/** Mirrors __alloc_skb(): data rounded up to what kmalloc really gives. */
export function alloc_skb(size: number, _gfp = 0): SkBuff | null {
  if (!Number.isSafeInteger(size) || size < 0 || size > 0x7fffffff) return null;
  const want = SKB_DATA_ALIGN(size) + SKB_DATA_ALIGN(SIZEOF_SKB_SHARED_INFO);
  const cap = SKB_WITH_OVERHEAD(ksize(want));
  const skb = new SkBuff(cap, SKB_TRUESIZE(cap), takeHead(cap));
  skb.dataref.pooled = true;
  return skb;
}

/**
 * A buffer of exactly `size` bytes whose truesize is SKB_TRUESIZE(SKB_DATA_ALIGN(size)):
 * what __build_skb() over a vmalloc'ed area gives (netlink's large unicast messages).
 */
export function alloc_skb_exact(size: number): SkBuff {
  return new SkBuff(size, SKB_TRUESIZE(SKB_DATA_ALIGN(size)));
}

export function skb_headroom(skb: SkBuff): number {
  return skb.dataOff;
}

export function skb_tailroom(skb: SkBuff): number {
  return skb.endOff - skb.tailOff;
}

/** Mirrors skb_reserve(): moves an empty buffer's start forward. */
export function skb_reserve(skb: SkBuff, len: number): void {
  skb.dataOff += len;
  skb.tailOff += len;
}

/**
 * Mirrors skb_put(): extends the data by `len` and returns the new area. Linux calls
 * skb_over_panic() when there is no room; here that is a kernel bug (an exception).
 */
export function skb_put(skb: SkBuff, len: number): Uint8Array {
  if (len < 0 || skb.tailOff + len > skb.endOff) {
    throw new Error(`skb_over_panic: len:${len} put:${len} tail:${skb.tailOff} end:${skb.endOff}`);
  }
  const start = skb.tailOff;
  skb.tailOff += len;
  return skb.head.subarray(start, skb.tailOff);
}

/** Mirrors skb_put_data(). */
export function skb_put_data(skb: SkBuff, data: Uint8Array, len = data.length): Uint8Array {
  const area = skb_put(skb, len);
  area.set(data.subarray(0, len));
  return area;
}

/** Mirrors skb_put_zero(). */
export function skb_put_zero(skb: SkBuff, len: number): Uint8Array {
  const area = skb_put(skb, len);
  area.fill(0);
  return area;
}

/** Mirrors skb_pull(): drops `len` bytes from the start; null if there are fewer. */
export function skb_pull(skb: SkBuff, len: number): Uint8Array | null {
  if (len > skb.len) return null;
  skb.dataOff += len;
  return skb.data;
}

/** Mirrors skb_trim(): cuts the data to `len` bytes. */
export function skb_trim(skb: SkBuff, len: number): void {
  if (skb.len > len) skb.tailOff = skb.dataOff + len;
}

/** Mirrors skb_get(): one more reference. */
export function skb_get(skb: SkBuff): SkBuff {
  skb.users++;
  return skb;
}

export function skb_shared(skb: SkBuff): boolean {
  return skb.users !== 1;
}

/** Mirrors skb_orphan(): runs the destructor (uncharging the owner), drops the owner. */
export function skb_orphan(skb: SkBuff): void {
  if (skb.destructor) {
    const d = skb.destructor;
    skb.destructor = null;
    d(skb);
  }
  skb.sk = null;
}

/** Mirrors skb_clone(): a new head sharing the data area; the control buffer copied. */
export function skb_clone(skb: SkBuff, _gfp = 0): SkBuff {
  const n = new SkBuff(skb.endOff, skb.truesize, skb.head);
  n.dataref = skb.dataref;
  n.dataref.n++;
  n.dataOff = skb.dataOff;
  n.tailOff = skb.tailOff;
  n.cb = { ...skb.cb, creds: { ...skb.cb.creds } };
  return n;
}

/** Mirrors kfree_skb()/consume_skb(): drop a reference, freeing on the last one. */
export function kfree_skb(skb: SkBuff | null): void {
  if (!skb) return;
  if (--skb.users > 0) return;
  skb_orphan(skb);
  if (--skb.dataref.n === 0 && skb.dataref.pooled) giveHead(skb.head);
}
export const consume_skb = kfree_skb;
export const dev_kfree_skb = kfree_skb;

/**
 * Mirrors netlink_trim()'s use of pskb_expand_head(): an unowned buffer whose unused
 * tail is at least half its truesize is reallocated to fit.
 */
export function skb_shrink_to_fit(skb: SkBuff): SkBuff {
  const delta = skb.endOff - skb.tailOff;
  if (delta * 2 < skb.truesize || skb.users !== 1) return skb;
  const want = SKB_DATA_ALIGN(skb.tailOff) + SKB_DATA_ALIGN(SIZEOF_SKB_SHARED_INFO);
  const cap = SKB_WITH_OVERHEAD(ksize(want));
  if (cap >= skb.endOff) return skb;
  const n = new SkBuff(cap, skb.truesize + cap - skb.endOff, takeHead(cap));
  n.dataref.pooled = true;
  n.head.set(skb.head.subarray(0, skb.tailOff));
  n.dataOff = skb.dataOff;
  n.tailOff = skb.tailOff;
  n.cb = skb.cb;
  kfree_skb(skb);
  return n;
}

/** A FIFO of buffers (struct sk_buff_head). */
export class SkBuffHead {
  private items: SkBuff[] = [];
  private head = 0;

  get qlen(): number {
    return this.items.length - this.head;
  }

  peek(): SkBuff | null {
    return this.qlen ? this.items[this.head] : null;
  }

  queueTail(skb: SkBuff): void {
    this.items.push(skb);
  }

  dequeue(): SkBuff | null {
    if (!this.qlen) return null;
    const skb = this.items[this.head];
    this.head++;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return skb;
  }

  /** Mirrors skb_queue_purge(). */
  purge(): void {
    for (let s = this.dequeue(); s; s = this.dequeue()) kfree_skb(s);
  }
}
