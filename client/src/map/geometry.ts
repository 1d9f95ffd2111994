/**
 * Small planar helpers for drawing labels and fitting the view. Degrees are
 * treated as planar, which is fine at a ward's scale. Pure: no DOM.
 */

/** `[west, south, east, north]`, WGS84 degrees. */
export type BBox = [number, number, number, number];

/** An area's outline, GeoJSON (RFC 7946), WGS84 `[lon, lat]`. */
export type AreaGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

type Ring = number[][];

/**
 * Where to put an area's name: the centroid of its largest outer ring, which for
 * ward-shaped (roughly convex) polygons falls inside.
 * @example labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }) // [1, 1]
 */
export function labelPoint(g: AreaGeometry): [number, number] | null {
  const rings: Ring[] = g.type === 'Polygon' ? [g.coordinates[0] ?? []] : g.coordinates.map((p) => p[0] ?? []);
  let best: { area: number; c: [number, number] } | null = null;
  for (const ring of rings) {
    const r = ringCentroid(ring);
    if (r && (!best || r.area > best.area)) best = r;
  }
  return best?.c ?? null;
}

/** Area (absolute, square degrees) and centroid of a closed ring; null when degenerate. */
function ringCentroid(ring: Ring): { area: number; c: [number, number] } | null {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0 = 0, y0 = 0] = ring[i]!;
    const [x1 = 0, y1 = 0] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) return null;
  return { area: Math.abs(a / 2), c: [cx / (3 * a), cy / (3 * a)] };
}

/** The bounding box of every coordinate in some geometries; null when there are none. */
export function boundsOf(geometries: AreaGeometry[]): BBox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  geometries.forEach((g) => visit(g.coordinates));
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** A ring closed on its first vertex, as GeoJSON wants; null with fewer than 3 corners. */
export function closedRing(corners: [number, number][]): [number, number][] | null {
  if (corners.length < 3) return null;
  return [...corners, corners[0]!];
}

/**
 * A bbox grown outwards to a grid of `step` degrees, so small pans ask for the same
 * area again (and hit the same answer) rather than a new one each time.
 * @example snapOutward([-2.512, 53.531, -2.401, 53.602], 0.05) // [-2.55, 53.5, -2.4, 53.65]
 */
export function snapOutward(b: BBox, step: number): BBox {
  // The tolerance keeps a value already on a grid line (give or take float error) on it.
  const down = (x: number) => Math.round(Math.floor(x / step + 1e-9) * step * 1e6) / 1e6;
  const up = (x: number) => Math.round(Math.ceil(x / step - 1e-9) * step * 1e6) / 1e6;
  return [Math.max(-180, down(b[0])), Math.max(-90, down(b[1])), Math.min(180, up(b[2])), Math.min(90, up(b[3]))];
}

/** Web Mercator metres per pixel at the equator at zoom 0 (512-px MapLibre tiles use the same scale per CSS pixel). */
const M_PER_PX_Z0 = 156_543.033_928_040_97;

/**
 * How many screen pixels `metres` of ground cover at a zoom and latitude.
 * @example groundPixels(1000, 12, 53.58) // about 44 px
 */
export const groundPixels = (metres: number, zoom: number, lat: number): number =>
  (metres * 2 ** zoom) / (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180));

/**
 * Where to put a grid count's label so that it is not cut off at the map's edge: its
 * cell's centre if that is well inside the view, else the nearest point to the centre
 * that is both in the cell and inset from the view's edges by `inset` (a share of the
 * view). A cell barely in view keeps its centre.
 * @example cellLabelAt([0.5, 0.5], [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [0.8, -1, 3, 3], 0) // [0.8, 0.5]
 */
export function cellLabelAt(centre: [number, number], outline: [number, number][], view: BBox, inset = 0.04): [number, number] {
  const [w, s, e, n] = view;
  const dx = (e - w) * inset;
  const dy = (n - s) * inset;
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const lo = [Math.max(Math.min(...xs), w + dx), Math.max(Math.min(...ys), s + dy)];
  const hi = [Math.min(Math.max(...xs), e - dx), Math.min(Math.max(...ys), n - dy)];
  if (lo[0]! > hi[0]! || lo[1]! > hi[1]!) return centre;
  const clamp = (v: number, a: number, b: number) => Math.min(Math.max(v, a), b);
  return [clamp(centre[0], lo[0]!, hi[0]!), clamp(centre[1], lo[1]!, hi[1]!)];
}
