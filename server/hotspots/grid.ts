/**
 * Equal-cell lattices on the British National Grid (EPSG:27700, metres), anchored at
 * the grid's origin so that the same cell always has the same index, whatever the view.
 *
 * - `square`: cells `size` metres wide; cell (col, row) spans
 *   [col·size, (col+1)·size) × [row·size, (row+1)·size), as `floor(x / size)`.
 * - `hex`: flat-topped hexagons whose neighbouring centres are `size` metres apart
 *   (the width across flats, as ArcGIS's hexagon bins). Columns are (√3/2)·size apart;
 *   odd columns sit half a cell higher. Cell area is (√3/2)·size², 13 % less than a square's.
 *
 * The SQL in repo.ts computes the same indices; `cellOf` is its TypeScript twin.
 */

export const SHAPES = ['square', 'hex'] as const;
export type CellShape = (typeof SHAPES)[number];

const SQRT3 = Math.sqrt(3);

/** Centre of a cell, BNG metres. @example cellCentre('square', 100, 3, 4) // [350, 450] */
export function cellCentre(shape: CellShape, size: number, col: number, row: number): [number, number] {
  if (shape === 'square') return [(col + 0.5) * size, (row + 0.5) * size];
  return [col * (SQRT3 / 2) * size, (row + 0.5 * (col & 1)) * size];
}

/**
 * The cell holding a BNG point. Hexagons: the nearer of the nearest even-column centre
 * and the nearest odd-column centre (each is a rectangular lattice √3·size × size).
 * @example cellOf('square', 100, 350.2, 449.9) // [3, 4]
 */
export function cellOf(shape: CellShape, size: number, x: number, y: number): [number, number] {
  if (shape === 'square') return [Math.floor(x / size), Math.floor(y / size)];
  const w = SQRT3 * size;
  const ia = Math.floor(x / w + 0.5);
  const ja = Math.floor(y / size + 0.5);
  const ib = Math.floor(x / w);
  const jb = Math.floor(y / size);
  const da = (x - ia * w) ** 2 + (y - ja * size) ** 2;
  const db = (x - (ib + 0.5) * w) ** 2 + (y - (jb + 0.5) * size) ** 2;
  return da <= db ? [2 * ia, ja] : [2 * ib + 1, jb];
}

/** The cell's outline, BNG metres, closed (first vertex repeated), counter-clockwise. */
export function cellRing(shape: CellShape, size: number, col: number, row: number): [number, number][] {
  const [x, y] = cellCentre(shape, size, col, row);
  if (shape === 'square') {
    const h = size / 2;
    return [[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h], [x - h, y - h]];
  }
  const r = size / SQRT3;
  const h = size / 2;
  return [[x + r, y], [x + r / 2, y + h], [x - r / 2, y + h], [x - r, y], [x - r / 2, y - h], [x + r / 2, y - h], [x + r, y]];
}

/** Area of one cell, m². */
export const cellArea = (shape: CellShape, size: number) => (shape === 'square' ? size * size : (SQRT3 / 2) * size * size);

/** Column range `[c0, c1]` and row range `[r0, r1]` of cells whose centres may lie in a BNG box. */
export function cellRange(shape: CellShape, size: number, box: { x0: number; y0: number; x1: number; y1: number }) {
  if (shape === 'square') {
    return { c0: Math.floor(box.x0 / size), c1: Math.floor(box.x1 / size), r0: Math.floor(box.y0 / size), r1: Math.floor(box.y1 / size) };
  }
  const cw = (SQRT3 / 2) * size;
  return { c0: Math.floor(box.x0 / cw), c1: Math.ceil(box.x1 / cw), r0: Math.floor(box.y0 / size) - 1, r1: Math.ceil(box.y1 / size) };
}

/** Rows `lo..hi` (inclusive, relative) of column `dc` (relative) that are neighbours. */
export interface ColumnSpan {
  dc: number;
  lo: number;
  hi: number;
}

/**
 * The neighbourhood of a cell as runs of rows per relative column: every cell whose
 * centre lies within `distance` metres of the cell's centre, the cell itself included.
 * Index 0 is for cells in even columns, 1 for odd ones (they differ for hexagons).
 * A centre exactly at `distance` counts (within a relative 1e-9, for rounding).
 * @example neighbourSpans('square', 100, 100)[0] // [{dc:-1,lo:0,hi:0},{dc:0,lo:-1,hi:1},{dc:1,lo:0,hi:0}]
 */
export function neighbourSpans(shape: CellShape, size: number, distance: number): [ColumnSpan[], ColumnSpan[]] {
  const d = (distance / size) * (1 + 1e-9);
  const out: [ColumnSpan[], ColumnSpan[]] = [[], []];
  for (const parity of [0, 1] as const) {
    if (shape === 'square') {
      const k = Math.floor(d);
      for (let dc = -k; dc <= k; dc++) {
        const hi = Math.floor(Math.sqrt(Math.max(0, d * d - dc * dc)));
        out[parity].push({ dc, lo: hi ? -hi : 0, hi });
      }
    } else {
      const cw = SQRT3 / 2;
      const k = Math.floor(d / cw);
      for (let dc = -k; dc <= k; dc++) {
        const rem = d * d - (dc * cw) ** 2;
        if (rem < 0) continue;
        const m = Math.sqrt(rem);
        // Row offset between centres, in cells: dr + (target parity − own parity) / 2.
        const shift = ((((parity + dc) % 2) + 2) % 2 - parity) / 2;
        // `|| 0`: no negative zeros in the spans.
        const lo = Math.ceil(-m - shift) || 0;
        const hi = Math.floor(m - shift) || 0;
        if (lo <= hi) out[parity].push({ dc, lo, hi });
      }
    }
  }
  return out;
}

/**
 * A rectangle of lattice cells with a value per cell and a mask of the cells that
 * belong to the study area (the others are neither counted nor anyone's neighbour).
 * Cell (col, row) is at index `(col − col0) · nrows + (row − row0)`.
 */
export interface CellGrid {
  shape: CellShape;
  /** metres */
  size: number;
  col0: number;
  row0: number;
  ncols: number;
  nrows: number;
  values: Float64Array;
  mask: Uint8Array;
}

/** An empty grid covering the given cells (all masked in), with zero values. */
export function gridFor(shape: CellShape, size: number, cells: { col: number; row: number }[]): CellGrid {
  let c0 = Infinity, c1 = -Infinity, r0 = Infinity, r1 = -Infinity;
  for (const c of cells) {
    if (c.col < c0) c0 = c.col;
    if (c.col > c1) c1 = c.col;
    if (c.row < r0) r0 = c.row;
    if (c.row > r1) r1 = c.row;
  }
  if (!cells.length) c0 = c1 = r0 = r1 = 0;
  const ncols = c1 - c0 + 1;
  const nrows = r1 - r0 + 1;
  const grid: CellGrid = { shape, size, col0: c0, row0: r0, ncols, nrows, values: new Float64Array(ncols * nrows), mask: new Uint8Array(ncols * nrows) };
  for (const c of cells) grid.mask[(c.col - c0) * nrows + (c.row - r0)] = 1;
  return grid;
}

/** Index of a cell in the grid's arrays, or −1 when it lies outside the rectangle. */
export function indexOf(g: CellGrid, col: number, row: number): number {
  const c = col - g.col0;
  const r = row - g.row0;
  return c < 0 || r < 0 || c >= g.ncols || r >= g.nrows ? -1 : c * g.nrows + r;
}
