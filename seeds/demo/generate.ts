/**
 * Pure generators for the fixed parts of the synthetic town: areas, premises and
 * vehicles. Same seed, same town; nothing here touches the database.
 */
import { buffer, circle, featureCollection, intersect, lineString, point, polygon, voronoi } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AreaKind, LicenceStatus, PremisesCategory } from '../../server/lists.js';
import { nearestWard, scatter, uniformInTown } from './geometry.js';
import { COLOURS, COLOUR_WEIGHTS, MAKES, MAKE_WEIGHTS, premisesName } from './names.js';
import { createRandom, deriveSeed, weighted, type Random } from './random.js';
import {
  FIXED_PREMISES,
  HOT_SPOTS,
  M_PER_DEG_LAT,
  M_PER_DEG_LON,
  OUTLINE,
  PATROL_ZONE,
  SETTLEMENTS,
  STREETS,
  TOWN_CENTRE,
  WARD_CENTRES,
} from './town.js';

export interface AreaSeed {
  id: string;
  name: string;
  kind: AreaKind;
  code: string;
  geometry: Polygon | MultiPolygon;
  /** Residents (wards only): synthetic, of the size of an English town's wards. */
  population?: number;
}

export interface PremisesSeed {
  id: string;
  /** Set for the premises the story needs (see FIXED_PREMISES). */
  key?: string;
  name: string;
  category: PremisesCategory;
  address: string;
  postcode: string;
  lon: number;
  lat: number;
  licenceRef: string | null;
  licenceStatus: LicenceStatus;
  externalRef: string;
}

export interface VehicleSeed {
  id: string;
  plate: string;
  licenceNo: string | null;
  operatorId: string | null;
  make: string;
  colour: string;
  /** Seen again and again in the sightings. */
  ofInterest: boolean;
}

export interface Town {
  areas: AreaSeed[];
  premises: PremisesSeed[];
  vehicles: VehicleSeed[];
}

/** How many premises of each category, the story's fixed premises included. */
export const PREMISES_COUNTS: Record<PremisesCategory, number> = {
  takeaway: 55,
  hotel: 12,
  licensed_premises: 45,
  taxi_rank: 10,
  private_hire_operator: 12,
  shop: 60,
  park: 16,
  other: 30,
  // Sensitive sites and schools are placed by the people-and-episodes story (seeds/demo/people.ts).
  children_home: 0,
  school: 0,
  refuge: 0,
};

/** Private hire (with an operator), hackney carriages, and private cars. */
export const VEHICLE_COUNTS = { privateHire: 125, hackney: 35, private: 20 } as const;

/** Vehicles of the story's operator, and how many of them are seen again and again. */
const STORY_OPERATOR_FLEET = 20;
const STORY_VEHICLES_OF_INTEREST = 3;
const PRIVATE_VEHICLES_OF_INTEREST = 2;

/** Builds the whole fixed town from a seed. */
export function buildTown(seed: number): Town {
  const ids = createRandom(deriveSeed(seed, 'ids'));
  const premises = buildPremises(createRandom(deriveSeed(seed, 'premises')), ids);
  return {
    areas: [...withPopulations(createRandom(deriveSeed(seed, 'population')), buildWards(ids)), ...buildHotSpotAreas(ids)],
    premises,
    vehicles: buildVehicles(createRandom(deriveSeed(seed, 'vehicles')), ids, premises),
  };
}

/**
 * The wards: Voronoi cells of the ward centres, clipped to the outline. The cells
 * are drawn in metres (not degrees) so that each is the land nearest its centre.
 */
export function buildWards(ids: Random): AreaSeed[] {
  const [lon0, lat0] = TOWN_CENTRE;
  const toM = ([lon, lat]: readonly number[]): Position => [(lon! - lon0) * M_PER_DEG_LON, (lat! - lat0) * M_PER_DEG_LAT];
  const toDeg = ([x, y]: Position): Position => [lon0 + x! / M_PER_DEG_LON, lat0 + y! / M_PER_DEG_LAT];
  const centres = featureCollection(WARD_CENTRES.map((w) => point(toM(w.centre), { name: w.name })));
  // Generous box: the cells must cover the outline before they are clipped to it.
  const cells = voronoi(centres, { bbox: [-30_000, -30_000, 30_000, 30_000] });
  const outline = polygon([OUTLINE.map((p) => [p[0], p[1]])]);
  return cells.features.map((cell, i) => {
    const name = WARD_CENTRES[i]!.name;
    const inDegrees = polygon(cell.geometry.coordinates.map((ring) => ring.map(toDeg)));
    const clipped = intersect(featureCollection([inDegrees, outline]));
    if (!clipped) throw new Error(`ward "${name}" lies outside the town outline; check its centre`);
    return { id: ids.uuid(), name, kind: 'ward' as const, code: `SYN-W${String(i + 1).padStart(2, '0')}`, geometry: clipped.geometry };
  });
}

/** Gives each ward a synthetic population of 9,000–16,000 residents, to the nearest ten. */
function withPopulations(rng: Random, wards: AreaSeed[]): AreaSeed[] {
  return wards.map((w) => ({ ...w, population: rng.int(900, 1600) * 10 }));
}

/**
 * Known hot spots as the team would have drawn them (the emerging one is left for
 * the analyst to find), and one patrol zone over the town centre.
 */
export function buildHotSpotAreas(ids: Random): AreaSeed[] {
  const out: AreaSeed[] = [];
  HOT_SPOTS.forEach((h, i) => {
    if (!h.areaName) return;
    const radiusM = Math.max(150, h.sdM * 2.5);
    const shape = h.street
      ? buffer(lineString(h.street.map((p) => [p[0], p[1]])), radiusM, { units: 'meters', steps: 16 })
      : circle([h.centre[0], h.centre[1]], radiusM, { units: 'meters', steps: 48 });
    if (!shape) throw new Error(`could not draw the area of hot spot "${h.key}"`);
    out.push({ id: ids.uuid(), name: h.areaName, kind: 'hotspot', code: `SYN-H${i + 1}`, geometry: shape.geometry as Polygon });
  });
  const zone = circle([PATROL_ZONE.centre[0], PATROL_ZONE.centre[1]], PATROL_ZONE.radiusM, { units: 'meters', steps: 64 });
  out.push({ id: ids.uuid(), name: PATROL_ZONE.name, kind: 'patrol_zone', code: 'SYN-P1', geometry: zone.geometry });
  return out;
}

/** Unit letters that Royal Mail never uses in an inward code, so no demo postcode is real. */
const NEVER_USED_UNIT_LETTERS = 'CIKMOV';

/** A fabricated postcode in the district of the ward at the point, e.g. "BL3 4KV". */
export function fictionalPostcode(rng: Random, lon: number, lat: number): string {
  const unit = () => NEVER_USED_UNIT_LETTERS[rng.int(0, NEVER_USED_UNIT_LETTERS.length - 1)]!;
  return `${nearestWard(lon, lat).district} ${rng.int(1, 9)}${unit()}${unit()}`;
}

const LICENSABLE: Record<PremisesCategory, number> = {
  takeaway: 1,
  hotel: 1,
  licensed_premises: 1,
  private_hire_operator: 1,
  shop: 0.5,
  other: 0.4,
  taxi_rank: 0,
  park: 0,
  children_home: 0,
  school: 0,
  refuge: 0,
};
const LICENCE_STATUS = weighted<LicenceStatus>(['active', 'pending', 'suspended', 'revoked', 'expired'], [76, 7, 4, 4, 9]);
const SETTLEMENT = weighted(SETTLEMENTS, SETTLEMENTS.map((s) => s.weight));

/** Where a premises of a category stands: most in the town centre, parks spread out. */
function premisesLocation(rng: Random, category: PremisesCategory): [number, number] {
  const r = rng.next();
  const uniformShare = category === 'park' ? 0.5 : 0.08;
  if (r < uniformShare) return uniformInTown(rng);
  if (r < uniformShare + 0.5 && category !== 'park') return scatter(rng, TOWN_CENTRE, 800);
  const s = SETTLEMENT.draw(rng);
  return scatter(rng, s.centre, s.sdM * 0.8);
}

export function buildPremises(rng: Random, ids: Random): PremisesSeed[] {
  const out: PremisesSeed[] = [];
  const names = new Set<string>();
  let licences = 0;
  const add = (p: Omit<PremisesSeed, 'id' | 'externalRef' | 'licenceRef' | 'postcode'> & { licensed: boolean }) => {
    const { licensed, ...rest } = p;
    names.add(p.name);
    out.push({
      ...rest,
      id: ids.uuid(),
      postcode: fictionalPostcode(rng, p.lon, p.lat),
      licenceRef: licensed ? `SYN-LIC-${String(++licences).padStart(4, '0')}` : null,
      externalRef: `SYN-PREM-${String(out.length + 1).padStart(4, '0')}`,
    });
  };
  for (const f of FIXED_PREMISES) {
    add({
      key: f.key,
      name: f.name,
      category: f.category,
      address: `${f.number} ${f.street}, Bolton (synthetic)`,
      lon: f.at[0],
      lat: f.at[1],
      licenceStatus: f.licenceStatus,
      licensed: f.licenceStatus !== 'none',
    });
  }
  for (const [category, count] of Object.entries(PREMISES_COUNTS) as [PremisesCategory, number][]) {
    const fixed = FIXED_PREMISES.filter((f) => f.category === category).length;
    for (let i = fixed; i < count; i++) {
      const street = rng.pick(STREETS);
      let name = premisesName(rng, category, street);
      // A repeated name would make the premises search ambiguous; try again, then number it.
      for (let tries = 0; names.has(name) && tries < 20; tries++) name = premisesName(rng, category, street);
      if (names.has(name)) name = name.replace(' (synthetic)', ` ${out.length + 1} (synthetic)`);
      const [lon, lat] = premisesLocation(rng, category);
      const licensed = rng.chance(LICENSABLE[category]);
      add({
        name,
        category,
        address: `${rng.int(1, 240)} ${street}, Bolton (synthetic)`,
        lon,
        lat,
        licenceStatus: licensed ? LICENCE_STATUS.draw(rng) : 'none',
        licensed,
      });
    }
  }
  return out;
}

const ALPHABET = 'ABCDEFGHJKLMNOPRSTUVWXY';
/** DVLA age identifiers of the last ten years (March and September releases). */
const AGE_IDS = ['16', '66', '17', '67', '18', '68', '19', '69', '20', '70', '21', '71', '22', '72', '23', '73', '24', '74', '25', '75'];

/**
 * A plate that cannot be real: current-style GB plates never begin with Z (Z is
 * not a DVLA memory tag letter), and Northern Irish plates end in digits, not
 * letters. The "S" marks it synthetic; the last two letters number the vehicle.
 * @example fictionalPlate(rng, 0) // 'ZZ19SAA'
 */
export function fictionalPlate(rng: Random, index: number): string {
  const a = ALPHABET.length;
  if (index < 0 || index >= a * a) throw new Error(`plate index must be 0–${a * a - 1}, got ${index}`);
  return `ZZ${rng.pick(AGE_IDS)}S${ALPHABET[Math.floor(index / a)]}${ALPHABET[index % a]}`;
}

export function buildVehicles(rng: Random, ids: Random, premises: readonly PremisesSeed[]): VehicleSeed[] {
  const operators = premises.filter((p) => p.category === 'private_hire_operator');
  const story = operators.find((p) => p.key === 'operator');
  const others = operators.filter((p) => p !== story);
  const make = weighted(MAKES, MAKE_WEIGHTS);
  const colour = weighted(COLOURS, COLOUR_WEIGHTS);
  const out: VehicleSeed[] = [];
  const add = (licenceNo: string | null, operatorId: string | null, ofInterest: boolean) =>
    out.push({ id: ids.uuid(), plate: fictionalPlate(rng, out.length), licenceNo, operatorId, make: make.draw(rng), colour: colour.draw(rng), ofInterest });
  for (let i = 0; i < VEHICLE_COUNTS.privateHire; i++) {
    const operator = story && i < STORY_OPERATOR_FLEET ? story : rng.pick(others.length ? others : operators);
    add(`SYN-PH-${String(i + 1).padStart(4, '0')}`, operator?.id ?? null, i < STORY_VEHICLES_OF_INTEREST);
  }
  for (let i = 0; i < VEHICLE_COUNTS.hackney; i++) add(`SYN-HC-${String(i + 1).padStart(4, '0')}`, null, false);
  for (let i = 0; i < VEHICLE_COUNTS.private; i++) add(null, null, i < PRIVATE_VEHICLES_OF_INTEREST);
  return out;
}
