/**
 * Turns terminal output into readable lines, as a screen would show them: `\r` moves
 * back to the start of the line and what follows overwrites it (a progress bar reads as
 * its last state), `\b` steps back, erase-in-line and horizontal cursor moves apply, and
 * every other escape sequence (colours, OSC titles, modes) is dropped. Sequences split
 * across chunks are held until complete. Only the current line is kept as a cell array.
 */
export const DEFAULT_MAX_COLUMNS = 64 * 1024;

export class ScreenLine {
  private cells: string[] = [];
  private col = 0;
  private pendingEscape = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxColumns = DEFAULT_MAX_COLUMNS,
  ) {}

  /** The line being written (no `\n` yet): a prompt, a progress bar. Trailing blanks kept: `name? ` waits at the space. */
  get partial(): string {
    return this.cells.join('');
  }

  push(text: string): void {
    const data = this.pendingEscape + text;
    this.pendingEscape = '';
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const end = escapeEnd(data, i);
        if (end === -1) {
          this.pendingEscape = data.slice(i);
          return;
        }
        this.applyEscape(data.slice(i, end));
        i = end;
        continue;
      }
      i++;
      if (ch === '\n') this.newline();
      else if (ch === '\r') this.col = 0;
      else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch === '\t') this.col = Math.min(this.maxColumns - 1, (Math.floor(this.col / 8) + 1) * 8);
      else if (ch >= ' ' && ch !== '\x7f') this.put(ch);
      // Other control characters (BEL, SO, SI...) do not print.
    }
  }

  /** Ends the current line even without `\n` (the output ended). */
  flush(): void {
    if (this.cells.length > 0) this.newline();
  }

  private put(ch: string): void {
    if (this.col >= this.maxColumns) this.newline();
    while (this.cells.length < this.col) this.cells.push(' ');
    this.cells[this.col++] = ch;
  }

  private newline(): void {
    this.onLine(this.cells.join('').trimEnd());
    this.cells = [];
    this.col = 0;
  }

  private applyEscape(seq: string): void {
    const csi = /^\x1b\[([?>=]?)([\d;]*)([@-~])$/.exec(seq);
    if (!csi || csi[1]) return;
    const n = Number(csi[2]!.split(';')[0] || 0);
    switch (csi[3]) {
      case 'K': // erase in line: 0 to the end, 1 to the start, 2 all
        if (n === 0) this.cells.length = Math.min(this.cells.length, this.col);
        else if (n === 1) for (let c = 0; c <= this.col && c < this.cells.length; c++) this.cells[c] = ' ';
        else this.cells = [];
        break;
      case 'C':
        this.col += Math.max(1, n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - Math.max(1, n));
        break;
      case 'G':
        this.col = Math.max(0, n - 1);
        break;
      case 'P': // delete characters at the cursor
        this.cells.splice(this.col, Math.max(1, n));
        break;
      case 'J': // erase in display: the current line goes with it
        if (n >= 2) this.cells = [];
        break;
    }
  }
}

/** Index just past the escape sequence starting at `i`, or -1 when it is not complete yet. */
function escapeEnd(data: string, i: number): number {
  const next = data[i + 1];
  if (next === undefined) return -1;
  if (next === '[') {
    for (let j = i + 2; j < data.length; j++) {
      const code = data.charCodeAt(j);
      if (code >= 0x40 && code <= 0x7e) return j + 1;
    }
    return -1;
  }
  if (next === ']' || next === 'P' || next === '_' || next === '^') {
    // OSC/DCS/APC/PM: ends with BEL or ESC \
    for (let j = i + 2; j < data.length; j++) {
      if (data[j] === '\x07') return j + 1;
      if (data[j] === '\x1b') return data[j + 1] === undefined ? -1 : j + 2;
    }
    return -1;
  }
  if (next === '(' || next === ')' || next === '*' || next === '+' || next === '#') return i + 3 <= data.length ? i + 3 : -1;
  return i + 2;
}
