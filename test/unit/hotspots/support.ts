import { gridFor, indexOf, type CellGrid, type CellShape } from '../../../server/hotspots/grid.js';
import { mulberry32 } from '../../../server/hotspots/knox.js';

/**
 * A rectangular study area of `cols` × `rows` cells (origin 0,0) whose values come
 * from `value(col, row)`.
 */
export function rectGrid(shape: CellShape, size: number, cols: number, rows: number, value: (c: number, r: number) => number): CellGrid {
  const cells = [];
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) cells.push({ col: c, row: r });
  const g = gridFor(shape, size, cells);
  for (const { col, row } of cells) g.values[indexOf(g, col, row)] = value(col, row);
  return g;
}

/** A Poisson draw (Knuth), for generated counts. */
export function poisson(rand: () => number, mean: number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

export { mulberry32 };
