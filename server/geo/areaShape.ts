/**
 * What Lantern checks of an area's geometry in Node, before any SQL: its shape (a
 * GeoJSON Polygon or MultiPolygon with rings of [x, y] numbers), how many vertices it
 * has, and how many times its edges cross. PostGIS's validity check and repair take
 * time that grows with the vertices and, for repair, much faster with the crossings
 * (ST_MakeValid on 1,000 vertices crossing 380,000 times ran 24 s on PGlite, whose one
 * connection no statement_timeout stops); both are bounded here so that no area can
 * hold the database for long. Every walk is iterative and bounded by the limits, so a
 * coordinates array nested 200,000 deep costs nothing.
 */

export interface AreaShape {
  type: 'Polygon' | 'MultiPolygon';
  /** Every ring of every polygon, as [x, y] pairs. */
  rings: number[][][];
  vertices: number;
}

/** A problem with a geometry: its path within the geometry (e.g. `coordinates.0.3`) and why. */
export interface ShapeProblem {
  path: string;
  message: string;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads an area geometry's rings, or says what is wrong, without recursion: the
 * nesting is fixed by the type (Polygon: rings of positions; MultiPolygon: polygons of
 * rings), so anything deeper or shallower is refused where it first goes wrong.
 * Stops counting at `maxVertices`.
 */
export function readAreaShape(g: unknown, maxVertices: number): AreaShape | ShapeProblem {
  const geom = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geom || typeof geom !== 'object' || (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon')) {
    return { path: 'type', message: 'must be a Polygon or MultiPolygon' };
  }
  const polygons: [unknown, string][] = geom.type === 'Polygon' ? [[geom.coordinates, 'coordinates']] : [];
  if (geom.type === 'MultiPolygon') {
    if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) return { path: 'coordinates', message: 'must be a non-empty array of polygons' };
    geom.coordinates.forEach((p, i) => polygons.push([p, `coordinates.${i}`]));
  }
  const rings: number[][][] = [];
  let vertices = 0;
  for (const [polygon, at] of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return { path: at, message: 'must be a non-empty array of rings' };
    for (let r = 0; r < polygon.length; r++) {
      const ring = polygon[r] as unknown;
      const ringAt = `${at}.${r}`;
      if (!Array.isArray(ring)) return { path: ringAt, message: 'must be an array of positions' };
      if (ring.length < 4) return { path: ringAt, message: 'a ring needs at least 4 positions' };
      vertices += ring.length;
      if (vertices > maxVertices) return { path: 'coordinates', message: `has more than ${maxVertices.toLocaleString('en-GB')} vertices (the most an area may have)` };
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as unknown;
        if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !isNum(p[0]) || !isNum(p[1]) || (p.length === 3 && !isNum(p[2]))) {
          return { path: `${ringAt}.${i}`, message: 'must be a position [x, y] of two numbers' };
        }
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) return { path: ringAt, message: 'a ring must end where it starts' };
      rings.push(ring as number[][]);
    }
  }
  return { type: geom.type, rings, vertices };
}

export const isShapeProblem = (s: AreaShape | ShapeProblem): s is ShapeProblem => 'message' in s;

/** Work units (cells filled plus segment pairs compared) a crossing count may spend: a few tenths of a second. */
const WORK = 3_000_000;

/**
 * How many times the edges of the rings cross or touch (adjacent edges of a ring, which
 * share a vertex, do not count), counting up to `limit` and stopping there; `'too
 * complex'` when counting would cost more than a bounded amount of work. Edges are
 * bucketed in a uniform grid and compared within cells; a crossing is counted in the
 * cell that holds its point, so once.
 */
export function countCrossings(rings: number[][][], limit: number): number | 'too complex' {
  const ax: number[] = [], ay: number[] = [], bx: number[] = [], by: number[] = [], ringOf: number[] = [], idx: number[] = [], len: number[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  rings.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]!, [x2, y2] = ring[i + 1]!;
      ax.push(x1!); ay.push(y1!); bx.push(x2!); by.push(y2!); ringOf.push(r); idx.push(i); len.push(ring.length - 1);
      minX = Math.min(minX, x1!, x2!); maxX = Math.max(maxX, x1!, x2!); minY = Math.min(minY, y1!, y2!); maxY = Math.max(maxY, y1!, y2!);
    }
  });
  const n = ax.length;
  if (n === 0) return 0;
  const side = Math.max(1, Math.ceil(Math.sqrt(n)));
  const w = (maxX - minX) / side || 1, h = (maxY - minY) / side || 1;
  const cellX = (x: number) => Math.min(side - 1, Math.max(0, Math.floor((x - minX) / w)));
  const cellY = (y: number) => Math.min(side - 1, Math.max(0, Math.floor((y - minY) / h)));
  // Cells as one flat array (counted, then filled): each cell's edges are members[start[c] .. start[c + 1]).
  const x0 = new Int32Array(n), x1 = new Int32Array(n), y0 = new Int32Array(n), y1 = new Int32Array(n);
  const start = new Int32Array(side * side + 1);
  let work = 0;
  for (let s = 0; s < n; s++) {
    x0[s] = cellX(Math.min(ax[s]!, bx[s]!)); x1[s] = cellX(Math.max(ax[s]!, bx[s]!));
    y0[s] = cellY(Math.min(ay[s]!, by[s]!)); y1[s] = cellY(Math.max(ay[s]!, by[s]!));
    work += (x1[s]! - x0[s]! + 1) * (y1[s]! - y0[s]! + 1);
    if (work > WORK) return 'too complex';
    for (let cy = y0[s]!; cy <= y1[s]!; cy++) for (let cx = x0[s]!; cx <= x1[s]!; cx++) start[cy * side + cx + 1]!++;
  }
  for (let c = 0; c < side * side; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, side * side);
  const members = new Int32Array(start[side * side]!);
  for (let s = 0; s < n; s++) for (let cy = y0[s]!; cy <= y1[s]!; cy++) for (let cx = x0[s]!; cx <= x1[s]!; cx++) members[fill[cy * side + cx]!++] = s;
  const adjacent = (s: number, t: number) => {
    if (ringOf[s] !== ringOf[t]) return false;
    const d = Math.abs(idx[s]! - idx[t]!);
    return d === 1 || d === len[s]! - 1;
  };
  let crossings = 0;
  for (let c = 0; c < side * side; c++) {
    const from = start[c]!, to = start[c + 1]!;
    work += ((to - from) * (to - from - 1)) / 2;
    if (work > WORK) return 'too complex';
    const cx = c % side, cy = Math.floor(c / side);
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) {
        const s = members[i]!, t = members[j]!;
        if (adjacent(s, t)) continue;
        const p = meet(ax[s]!, ay[s]!, bx[s]!, by[s]!, ax[t]!, ay[t]!, bx[t]!, by[t]!);
        if (p && cellX(p[0]) === cx && cellY(p[1]) === cy && ++crossings >= limit) return crossings;
      }
    }
  }
  return crossings;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
const within = (a: number, b: number, c: number) => Math.min(a, b) <= c && c <= Math.max(a, b);

/** A point where segments p1p2 and p3p4 meet (one of them, if they overlap), or null. */
function meet(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, x4: number, y4: number): [number, number] | null {
  const d1 = orient(x3, y3, x4, y4, x1, y1), d2 = orient(x3, y3, x4, y4, x2, y2);
  const d3 = orient(x1, y1, x2, y2, x3, y3), d4 = orient(x1, y1, x2, y2, x4, y4);
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) {
    const den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4);
    const t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den;
    return [x1 + t * (x2 - x1), y1 + t * (y2 - y1)];
  }
  // Touching or collinear overlap: an end point on the other segment.
  if (d1 === 0 && within(x3, x4, x1) && within(y3, y4, y1)) return [x1, y1];
  if (d2 === 0 && within(x3, x4, x2) && within(y3, y4, y2)) return [x2, y2];
  if (d3 === 0 && within(x1, x2, x3) && within(y1, y2, y3)) return [x3, y3];
  if (d4 === 0 && within(x1, x2, x4) && within(y1, y2, y4)) return [x4, y4];
  return null;
}
