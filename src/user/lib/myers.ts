/**
 * The shortest edit script between two sequences (E. Myers, "An O(ND) Difference Algorithm
 * and Its Variations", 1986), as the list of changed regions GNU diff prints as hunks.
 */

/** Lines a[a0..a1) are replaced by b[b0..b1) (either range may be empty). */
export interface Change {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Myers' greedy forward search with the trace kept for backtracking. */
export function diffSequences<T>(a: readonly T[], b: readonly T[]): Change[] {
  // Common prefix and suffix cost nothing and shrink the search.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf] === b[b.length - 1 - suf]
  )
    suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = n === 0 && m === 0;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])
          ? v[off + k + 1]
          : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back through the trace, collecting the matched (snake) pairs.
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[off + k - 1] < vd[off + k + 1]) ? k + 1 : k - 1;
    const px = vd[off + prevK];
    const py = px - prevK;
    // The snake back to the end of this round's one edit (down or right).
    while (x > px && y > py) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = px;
    y = py;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    pairs.push([x, y]);
  }
  pairs.reverse();
  const changes: Change[] = [];
  let ai = 0;
  let bi = 0;
  for (const [px, py] of [...pairs, [n, m] as [number, number]]) {
    if (px > ai || py > bi)
      changes.push({ a0: ai + pre, a1: px + pre, b0: bi + pre, b1: py + pre });
    ai = px + 1;
    bi = py + 1;
  }
  return changes;
}
