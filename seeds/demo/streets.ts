/**
 * The demo town's synthetic street network (issue 18): main roads from the town centre
 * out to each district, a ring road, a grid of named local streets round every
 * settlement (so premises, sightings and hot spots sit on streets), the streets the
 * fixed premises are addressed on drawn through them, a river, parks and building
 * blocks. Deterministic: the same seed gives the same network. Every name is invented
 * and every row is stored with `synthetic = true` and source `synthetic demo town`.
 *
 * @example
 * await knex.transaction((trx) => loadDemoStreets(trx, 20261128));
 */
import { buffer, circle, lineString } from '@turf/turf';
import type { Knex } from 'knex';
import { clearLayer, insertRows, type BasemapRow } from '../../server/basemap/repo.js';
import type { BasemapLayer, RoadClass } from '../../server/basemap/schema.js';
import { PLANTED_PREMISES } from './disruption.js';
import { buildTown } from './generate.js';
import { offset, round6 } from './geometry.js';
import { createRandom, deriveSeed } from './random.js';
import { FIXED_PREMISES, HOT_SPOTS, M_PER_DEG_LAT, M_PER_DEG_LON, SETTLEMENTS, STREETS, TOWN_CENTRE, type LonLat } from './town.js';

export const DEMO_BASEMAP_SOURCE = 'synthetic demo town';

/** Invented main-road names, one per district the road leads to. */
const MAIN_ROADS = ['Lampwick Road', 'Tallow Road', 'Gaslight Road', 'Ember Way', 'Taper Road', 'Flarestone Road', 'Wickfield Road', 'Glimmer Lane', 'Beaconfold Road', 'Cinderhill Road', 'Lumen Way'];
/** Invented first words and kinds of street, combined for the local streets. */
const FIRSTS = ['Amberlow', 'Birchmoss', 'Cindergate', 'Dunmorrow', 'Emberly', 'Fernaby', 'Gossamer', 'Hollinrake', 'Ivelton', 'Jasperfold', 'Kestrelby', 'Larkspire', 'Merrowdale', 'Nettlefold', 'Orielton', 'Pellamy', 'Quillbrook', 'Rowanby', 'Sorrelton', 'Thistlebank', 'Umberfield', 'Vetchley', 'Wrenford', 'Yarrowby', 'Alderwick', 'Brackenly', 'Coppicefold', 'Dimbleby', 'Elderholt', 'Foxgrove', 'Gorsemoor', 'Heatherly'];
const KINDS = ['Street', 'Road', 'Lane', 'Avenue', 'Grove', 'Close', 'Terrace', 'Drive', 'Walk', 'Row', 'Mews', 'Place'];

/** Local street spacing (m) and how many blocks one named street runs for. */
const BLOCK_M = 130;
const BLOCKS_PER_STREET = 5;
/** A premises farther than this (m) from every named street gets a street of its own through it. */
const ACCESS_M = 90;
/** Half the length (m) of such a street. */
const ACCESS_HALF_M = 160;

export interface DemoBasemap {
  roads: BasemapRow[];
  water: BasemapRow[];
  green: BasemapRow[];
  buildings: BasemapRow[];
}

type Pt = [number, number];
const gj = (geometry: object): BasemapRow['geom'] => ({ geojson: JSON.stringify(geometry) });
const road = (name: string, cls: RoadClass, coords: Pt[]): BasemapRow => ({ name, class: cls, geom: gj({ type: 'LineString', coordinates: coords.map(([x, y]) => [round6(x), round6(y)]) }) });

/** The point u metres along and v metres across a grid turned `angle` radians about `centre`. */
function gridPoint(centre: LonLat, angle: number, u: number, v: number): Pt {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return offset(centre, u * c - v * s, u * s + v * c);
}

/** A gently bending line from a to b (`bend` metres sideways at the middle), as `n` segments. */
function bentLine(a: LonLat, b: LonLat, bend: number, n = 12): Pt[] {
  const out: Pt[] = [];
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const side = Math.sin(Math.PI * t) * bend;
    const base: LonLat = [a[0] + dx * t, a[1] + dy * t];
    // Perpendicular in degrees is close enough at this scale; `offset` keeps metres honest.
    out.push(offset(base, (-dy / len) * side, (dx / len) * side));
  }
  return out;
}

/** Metres from point p to the segment a–b (flat approximation, good over a borough). */
function segmentDistanceM(p: LonLat, a: Pt, b: Pt): number {
  const ax = (a[0] - p[0]) * M_PER_DEG_LON;
  const ay = (a[1] - p[1]) * M_PER_DEG_LAT;
  const bx = (b[0] - p[0]) * M_PER_DEG_LON;
  const by = (b[1] - p[1]) * M_PER_DEG_LAT;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Whether one of the lines passes within `m` metres of p. */
function nearLine(lines: readonly Pt[][], p: LonLat, m: number): boolean {
  return lines.some((line) => {
    for (let i = 1; i < line.length; i++) if (segmentDistanceM(p, line[i - 1]!, line[i]!) <= m) return true;
    return false;
  });
}

/** The street of an address "12 Fictional Street, Bolton (synthetic)". */
const streetOf = (address: string | null | undefined): string | undefined => /^\d+\s+([^,]+),/.exec(address ?? '')?.[1]?.trim();

/** Builds the demo town's basemap layers for a seed (pure: no database). */
export function buildDemoBasemap(seed: number): DemoBasemap {
  const rng = createRandom(deriveSeed(seed, 'streets'));
  const roads: BasemapRow[] = [];
  const buildings: BasemapRow[] = [];
  const used = new Set<string>([...MAIN_ROADS, ...FIXED_PREMISES.map((f) => f.street), 'Sample Terrace']);
  // The demo's own invented street names first (premises addresses use them), then combinations.
  const pool = [...STREETS.filter((s) => !used.has(s)), ...FIRSTS.flatMap((f) => KINDS.map((k) => `${f} ${k}`))];
  let next = 0;
  const nextName = (): string => {
    const name = pool[next % pool.length]!;
    next += 1;
    return name;
  };

  // Main roads: town centre to each district, bending a little; a ring road round the centre.
  SETTLEMENTS.filter((s) => s.centre !== TOWN_CENTRE).forEach((s, i) => {
    roads.push(road(MAIN_ROADS[i % MAIN_ROADS.length]!, 'primary', bentLine(TOWN_CENTRE, s.centre, (rng.next() - 0.5) * 600)));
  });
  const ring: Pt[] = [];
  for (let i = 0; i <= 48; i++) ring.push(offset(TOWN_CENTRE, 950 * Math.cos((i / 48) * 2 * Math.PI), 950 * Math.sin((i / 48) * 2 * Math.PI)));
  roads.push(road('Lantern Ring Road', 'secondary', ring));

  // A grid of local streets round each settlement, turned a little, with a block of buildings in each cell.
  for (const s of SETTLEMENTS) {
    const angle = (rng.next() - 0.5) * 0.5;
    const reach = Math.round((s.sdM * 1.6) / BLOCK_M) * BLOCK_M;
    for (const axis of [0, 1]) {
      for (let u = -reach; u <= reach; u += BLOCK_M) {
        const half = Math.sqrt(reach * reach - u * u);
        for (let v0 = -half; v0 < half - BLOCK_M / 2; v0 += BLOCK_M * BLOCKS_PER_STREET) {
          const v1 = Math.min(half, v0 + BLOCK_M * BLOCKS_PER_STREET);
          const at = (v: number): Pt => (axis === 0 ? gridPoint(s.centre, angle, u, v) : gridPoint(s.centre, angle, v, u));
          roads.push(road(nextName(), 'minor', [at(v0), at((v0 + v1) / 2), at(v1)]));
        }
      }
    }
    for (let u = -reach; u < reach; u += BLOCK_M) {
      for (let v = -reach; v < reach; v += BLOCK_M) {
        const mid = Math.hypot(u + BLOCK_M / 2, v + BLOCK_M / 2);
        if (mid > reach * 0.85 || rng.chance(0.25)) continue;
        const inset = 22;
        const ring5 = [
          [u + inset, v + inset],
          [u + BLOCK_M - inset, v + inset],
          [u + BLOCK_M - inset, v + BLOCK_M - inset],
          [u + inset, v + BLOCK_M - inset],
          [u + inset, v + inset],
        ].map(([a, b]) => gridPoint(s.centre, angle, a!, b!).map(round6));
        buildings.push({ geom: gj({ type: 'Polygon', coordinates: [ring5] }) });
      }
    }
  }

  // The streets the fixed premises are addressed on, drawn through them; the street hot spot's terrace.
  for (const f of FIXED_PREMISES) {
    roads.push(road(f.street, 'minor', [offset(f.at, -220, -40), f.at as Pt, offset(f.at, 220, 40)]));
  }
  const terrace = HOT_SPOTS.find((h) => h.street)?.street;
  if (terrace) roads.push(road('Sample Terrace', 'minor', terrace.map((p) => [p[0], p[1]] as Pt)));

  // Every other premises of the demo (generated, or planted for a disruption story) stands on a street too:
  // one out of reach of the grids gets a short street of its address's name through it.
  const access = createRandom(deriveSeed(seed, 'access streets'));
  const premises = [
    ...buildTown(seed).premises.map((p) => ({ at: [p.lon, p.lat] as LonLat, street: streetOf(p.address) })),
    ...PLANTED_PREMISES.map((p) => ({ at: p.at, street: p.street })),
  ];
  const named = roads.filter((r) => r.name && 'geojson' in r.geom).map((r) => (JSON.parse((r.geom as { geojson: string }).geojson) as { coordinates: Pt[] }).coordinates);
  for (const p of premises) {
    if (nearLine(named, p.at, ACCESS_M)) continue;
    const angle = access.next() * Math.PI;
    const dx = Math.cos(angle) * ACCESS_HALF_M;
    const dy = Math.sin(angle) * ACCESS_HALF_M;
    const line: Pt[] = [offset(p.at, -dx, -dy), [p.at[0], p.at[1]], offset(p.at, dx, dy)];
    roads.push(road(p.street ?? nextName(), 'minor', line));
    named.push(line);
  }

  // A river across the borough from the north-west moors, through the town centre's south, to the south-east.
  const river = lineString([
    [-2.56, 53.628], [-2.52, 53.61], [-2.49, 53.596], [-2.465, 53.585], [-2.445, 53.574],
    [-2.425, 53.571], [-2.405, 53.566], [-2.385, 53.557], [-2.365, 53.545], [-2.345, 53.53],
  ]);
  const riverShape = buffer(river, 14, { units: 'meters', steps: 4 });
  const water: BasemapRow[] = riverShape ? [{ name: 'River Lanternbrook', geom: gj(riverShape.geometry) }] : [];

  // Parks: Lantern Fields round its premises, and one green in each district.
  const green: BasemapRow[] = [{ name: 'Lantern Fields Park', geom: gj(circle([-2.4046, 53.5468], 260, { units: 'meters', steps: 32 }).geometry) }];
  SETTLEMENTS.forEach((s, i) => {
    const at = offset(s.centre, (rng.next() - 0.5) * s.sdM, (rng.next() - 0.5) * s.sdM);
    green.push({ name: `${FIRSTS[i % FIRSTS.length]} Park`, geom: gj(circle(at, 90 + rng.int(0, 90), { units: 'meters', steps: 24 }).geometry) });
  });
  return { roads, water, green, buildings };
}

/**
 * Replaces the synthetic demo rows of every basemap layer with the network for `seed`,
 * inside the caller's transaction; imported (non-synthetic) rows are kept.
 */
export async function loadDemoStreets(trx: Knex, seed: number): Promise<Record<BasemapLayer, number>> {
  const m = buildDemoBasemap(seed);
  const out = { roads: 0, water: 0, green: 0, buildings: 0 } as Record<BasemapLayer, number>;
  for (const layer of ['roads', 'water', 'green', 'buildings'] as const) {
    await clearLayer(trx, layer, 'synthetic');
    out[layer] = await insertRows(trx, layer, m[layer], { source: DEMO_BASEMAP_SOURCE, synthetic: true });
  }
  return out;
}
