/**
 * The multi-column layouts of GNU ls (coreutils 8.28 src/ls.c): `-C` (down columns, the
 * default on a terminal) and `-x` (across), with ls's column-fitting algorithm and its
 * tab-based padding.
 */

/** ls.c MIN_COLUMN_WIDTH: one character of name plus two of separation. */
const MIN_COLUMN_WIDTH = 3;

/**
 * Mirrors ls.c:indent(): pads from column `from` to `to` with tabs where a tab stop fits
 * (tab stops every `tabsize` columns, 0 for spaces only), then spaces.
 */
export function indent(from: number, to: number, tabsize: number): string {
  let s = "";
  while (from < to) {
    if (tabsize !== 0 && Math.floor(to / tabsize) > Math.floor((from + 1) / tabsize)) {
      s += "\t";
      from += tabsize - (from % tabsize);
    } else {
      s += " ";
      from++;
    }
  }
  return s;
}

/**
 * Mirrors ls.c:calculate_columns(): the largest column count whose layout fits in
 * `lineLength`, and each column's width. `widths` are the entries' printed widths.
 */
export function calculateColumns(
  widths: readonly number[],
  lineLength: number,
  byColumns: boolean,
): { cols: number; colWidths: number[] } {
  const n = widths.length;
  let maxIdx = Math.floor(lineLength / MIN_COLUMN_WIDTH);
  maxIdx += lineLength % MIN_COLUMN_WIDTH !== 0 ? 1 : 0;
  const maxCols = Math.max(1, Math.min(maxIdx, n));
  const info = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN_COLUMN_WIDTH,
    colArr: new Array<number>(i + 1).fill(MIN_COLUMN_WIDTH),
  }));
  for (let f = 0; f < n; f++) {
    const nameLength = widths[f];
    for (let i = 0; i < maxCols; i++) {
      const ci = info[i];
      if (!ci.valid) continue;
      const idx = byColumns ? Math.floor(f / Math.floor((n + i) / (i + 1))) : f % (i + 1);
      const realLength = nameLength + (idx === i ? 0 : 2);
      if (ci.colArr[idx] < realLength) {
        ci.lineLen += realLength - ci.colArr[idx];
        ci.colArr[idx] = realLength;
        ci.valid = ci.lineLen < lineLength;
      }
    }
  }
  let cols = maxCols;
  for (; cols > 1; cols--) if (info[cols - 1].valid) break;
  return { cols, colWidths: info[cols - 1].colArr };
}

/**
 * Mirrors ls.c:print_many_per_line() (`byColumns`) and print_horizontal(): the lines of the
 * layout. `texts[i]` is what is printed for entry i and `widths[i]` its width on screen.
 */
export function layoutColumns(
  texts: readonly string[],
  widths: readonly number[],
  lineLength: number,
  tabsize: number,
  byColumns: boolean,
): string[] {
  const n = texts.length;
  if (n === 0) return [];
  const { cols, colWidths } = calculateColumns(widths, lineLength, byColumns);
  const lines: string[] = [];
  if (byColumns) {
    const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0);
    for (let row = 0; row < rows; row++) {
      let col = 0;
      let f = row;
      let pos = 0;
      let line = "";
      for (;;) {
        const max = colWidths[col++];
        line += texts[f];
        const w = widths[f];
        f += rows;
        if (f >= n) break;
        line += indent(pos + w, pos + max, tabsize);
        pos += max;
      }
      lines.push(line);
    }
    return lines;
  }
  let line = texts[0];
  let pos = 0;
  let prevWidth = widths[0];
  let maxWidth = colWidths[0];
  for (let f = 1; f < n; f++) {
    const col = f % cols;
    if (col === 0) {
      lines.push(line);
      line = "";
      pos = 0;
    } else {
      line += indent(pos + prevWidth, pos + maxWidth, tabsize);
      pos += maxWidth;
    }
    line += texts[f];
    prevWidth = widths[f];
    maxWidth = colWidths[col];
  }
  lines.push(line);
  return lines;
}
