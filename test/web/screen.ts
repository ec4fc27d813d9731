/**
 * A small VT100 screen for tests of the line editor: printable characters with autowrap
 * (and xterm's pending-wrap state at the last column), CR, LF, BS, and the CSI sequences
 * the editor writes (cursor up/down/forward/back, erase below, home, erase screen).
 */
export class Screen {
  rows: string[][] = [[]];
  x = 0;
  y = 0;
  private pendingWrap = false;

  constructor(readonly cols: number) {}

  private row(y: number): string[] {
    while (this.rows.length <= y) this.rows.push([]);
    return this.rows[y];
  }

  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "\x1b" && s[i + 1] === "[") {
        let j = i + 2;
        while (j < s.length && /[0-9;?]/.test(s[j])) j++;
        const n = Number.parseInt(s.slice(i + 2, j), 10);
        const cmd = s[j];
        i = j;
        this.csi(cmd, Number.isNaN(n) ? null : n);
        continue;
      }
      if (c === "\r") {
        this.x = 0;
        this.pendingWrap = false;
      } else if (c === "\n") {
        this.y++;
        this.row(this.y);
        this.pendingWrap = false;
      } else if (c === "\b") {
        if (this.pendingWrap) this.pendingWrap = false;
        else if (this.x > 0) this.x--;
      } else if (c >= " ") {
        if (this.pendingWrap) {
          this.x = 0;
          this.y++;
          this.pendingWrap = false;
        }
        const r = this.row(this.y);
        while (r.length < this.x) r.push(" ");
        r[this.x] = c;
        if (this.x === this.cols - 1) this.pendingWrap = true;
        else this.x++;
      }
    }
  }

  private csi(cmd: string, n: number | null): void {
    const k = n ?? 1;
    this.pendingWrap = false;
    if (cmd === "A") this.y = Math.max(0, this.y - k);
    else if (cmd === "B") this.y += k;
    else if (cmd === "C") this.x = Math.min(this.cols - 1, this.x + k);
    else if (cmd === "D") this.x = Math.max(0, this.x - k);
    else if (cmd === "H") this.x = this.y = 0;
    else if (cmd === "J") {
      if (n === 2) this.rows = [[]];
      else {
        this.row(this.y).length = Math.min(this.row(this.y).length, this.x);
        this.rows.length = this.y + 1;
      }
    }
  }

  /** The screen's text, one string per row, trailing blanks removed. */
  lines(): string[] {
    return this.rows.map((r) => r.join("").trimEnd());
  }
}
