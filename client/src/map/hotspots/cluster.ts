/**
 * Hot spot clusters: the significant hot cells joined edge to edge with a chosen one,
 * and their outline as one GeoJSON geometry (the cells dissolved), for planning a
 * disruption over the cluster. Pure: no DOM. Cells are lattice polygons whose shared
 * corners have identical coordinates (the server transforms each BNG corner once).
 */

/** A lattice cell: its id and its polygon (outer ring only, closed), WGS84 [lon, lat]. */
export interface LatticeCell {
  id: string;
  ring: number[][];
}

export type Outline = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

const key = (p: number[]) => `${p[0]},${p[1]}`;
const edgeKey = (a: number[], b: number[]) => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
};

/**
 * The cells of `cells` connected to `start` through shared edges (start included),
 * or none when `start` is not among them.
 * @example clusterOf([a, b, far], 'a') // [a, b] when a and b share an edge
 */
export function clusterOf(cells: readonly LatticeCell[], start: string): LatticeCell[] {
  const byEdge = new Map<string, LatticeCell[]>();
  for (const c of cells) {
    for (let i = 0; i < c.ring.length - 1; i++) {
      const k = edgeKey(c.ring[i]!, c.ring[i + 1]!);
      const list = byEdge.get(k);
      if (list) list.push(c);
      else byEdge.set(k, [c]);
    }
  }
  const first = cells.find((c) => c.id === start);
  if (!first) return [];
  const seen = new Set([first.id]);
  const queue = [first];
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q]!;
    for (let i = 0; i < c.ring.length - 1; i++) {
      for (const n of byEdge.get(edgeKey(c.ring[i]!, c.ring[i + 1]!)) ?? []) {
        if (!seen.has(n.id)) {
          seen.add(n.id);
          queue.push(n);
        }
      }
    }
  }
  return queue;
}

/** Twice the signed area of a closed ring (planar degrees): positive counter-clockwise. */
function signedArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a;
}

/** Whether a point lies inside a closed ring (even-odd rule, planar degrees). */
export function inRing(p: readonly number[], ring: readonly number[][]): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p[1]! !== yj > p[1]! && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/**
 * The union of lattice cells as a Polygon (one piece) or MultiPolygon, outer rings
 * counter-clockwise and holes clockwise (RFC 7946): edges two cells share are dropped,
 * the rest chained into rings.
 * @example dissolve([unitSquareAt(0, 0), unitSquareAt(1, 0)]) // one 2 × 1 rectangle
 */
export function dissolve(cells: readonly LatticeCell[]): Outline {
  // Directed edges of every cell, each ring made counter-clockwise first.
  const edges = new Map<string, { from: number[]; to: number[]; count: number }>();
  for (const c of cells) {
    const ring = signedArea(c.ring) >= 0 ? c.ring : [...c.ring].reverse();
    for (let i = 0; i < ring.length - 1; i++) {
      const k = edgeKey(ring[i]!, ring[i + 1]!);
      const e = edges.get(k);
      if (e) e.count++;
      else edges.set(k, { from: ring[i]!, to: ring[i + 1]!, count: 1 });
    }
  }
  // Boundary edges (in one cell only), by start point.
  const out = new Map<string, { from: number[]; to: number[] }[]>();
  for (const e of edges.values()) {
    if (e.count !== 1) continue;
    const list = out.get(key(e.from));
    if (list) list.push(e);
    else out.set(key(e.from), [e]);
  }
  const rings: number[][][] = [];
  for (const list of out.values()) {
    while (list.length) {
      const start = list.pop()!;
      const ring = [start.from];
      let e = start;
      while (key(e.to) !== key(start.from)) {
        ring.push(e.to);
        const next = out.get(key(e.to));
        if (!next?.length) break;
        e = next.pop()!;
      }
      ring.push(start.from);
      if (ring.length >= 4) rings.push(ring);
    }
  }
  const outers = rings.filter((r) => signedArea(r) > 0);
  const holes = rings.filter((r) => signedArea(r) < 0);
  const polygons = outers.map((o) => [o]);
  for (const h of holes) {
    const owner = polygons.find((p) => inRing(h[0]!, p[0]!)) ?? polygons[0];
    owner?.push(h);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}
