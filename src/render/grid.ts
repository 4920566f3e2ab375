/**
 * Tables as plain grids for spreadsheets and CSV: a cell spanning rows is repeated on each row it
 * covers (so every row reads on its own, sorts and filters), a cell spanning columns leaves the
 * columns after it empty.
 */
import type { Cell } from './document.js';

const EMPTY: Cell = { text: '' };

export function toGrid(rows: Cell[][]): Cell[][] {
  const grid: Cell[][] = [];
  /** Cells still covering columns of later rows: column → [cell, rows left]. */
  const carry = new Map<number, { cell: Cell; left: number }>();
  for (const row of rows) {
    const out: Cell[] = [];
    let col = 0;
    const take = () => {
      while (carry.has(col)) {
        const c = carry.get(col)!;
        out[col] = c.cell;
        if (--c.left === 0) carry.delete(col);
        col += 1;
      }
    };
    for (const c of row) {
      take();
      out[col] = c;
      if ((c.rowSpan ?? 1) > 1) carry.set(col, { cell: c, left: c.rowSpan! - 1 });
      for (let k = 1; k < (c.colSpan ?? 1); k++) out[col + k] = EMPTY;
      col += c.colSpan ?? 1;
    }
    take();
    grid.push(Array.from(out, (c) => c ?? EMPTY));
  }
  return grid;
}

/** A cell's text on one line: its text and any extra lines. */
export function flatText(c: Cell): string {
  return [c.text, ...(c.lines ?? [])].filter((t) => t !== '').join('; ');
}
