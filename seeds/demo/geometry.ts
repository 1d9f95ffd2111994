/**
 * Small planar helpers for placing demo points. Distances are metres on a local
 * flat approximation at the town's latitude: good to a few metres over 20 km.
 */
import { M_PER_DEG_LAT, M_PER_DEG_LON, OUTLINE, WARD_CENTRES, type LonLat, type WardCentre } from './town.js';
import type { Random } from './random.js';

/** Whether [lon, lat] lies inside a closed ring (even–odd rule; boundary points either way). */
export function inRing(lon: number, lat: number, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point is inside the town's outline. */
export const inTown = (lon: number, lat: number): boolean => inRing(lon, lat, OUTLINE);

/** [west, south, east, north] of the outline. */
export const TOWN_BBOX = ((): [number, number, number, number] => {
  const lons = OUTLINE.map((p) => p[0]);
  const lats = OUTLINE.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
})();

/** The point dx metres east and dy metres north of `from`. */
export function offset(from: LonLat, dxM: number, dyM: number): [number, number] {
  return [from[0] + dxM / M_PER_DEG_LON, from[1] + dyM / M_PER_DEG_LAT];
}

/** Metres between two points (flat approximation). */
export function distanceM(a: LonLat, b: LonLat): number {
  return Math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT);
}

/**
 * Six decimals of a degree is about 10 cm: finer would only pretend. Points are
 * rounded before the inside test, so rounding cannot push one out of the town.
 */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A point scattered round a centre (normal, `sdM` metres each way), kept inside the town. */
export function scatter(rng: Random, centre: LonLat, sdM: number): [number, number] {
  for (let tries = 0; tries < 50; tries++) {
    const [lon, lat] = offset(centre, rng.normal() * sdM, rng.normal() * sdM);
    const p: [number, number] = [round6(lon), round6(lat)];
    if (inTown(p[0], p[1])) return p;
  }
  return [centre[0], centre[1]];
}

/** A point on the segment a–b, scattered `sdM` metres either side, kept inside the town. */
export function alongStreet(rng: Random, [a, b]: readonly [LonLat, LonLat], sdM: number): [number, number] {
  const t = rng.next();
  return scatter(rng, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], sdM);
}

/** A point uniformly distributed over the town (rejection sampling in its bounding box). */
export function uniformInTown(rng: Random): [number, number] {
  const [w, s, e, n] = TOWN_BBOX;
  for (;;) {
    const lon = round6(w + rng.next() * (e - w));
    const lat = round6(s + rng.next() * (n - s));
    if (inTown(lon, lat)) return [lon, lat];
  }
}

/** The ward whose centre is nearest: the ward containing the point, as the wards are Voronoi cells. */
export function nearestWard(lon: number, lat: number): WardCentre {
  let best = WARD_CENTRES[0]!;
  let bestD = Infinity;
  for (const w of WARD_CENTRES) {
    const d = distanceM([lon, lat], w.centre);
    if (d < bestD) {
      bestD = d;
      best = w;
    }
  }
  return best;
}
