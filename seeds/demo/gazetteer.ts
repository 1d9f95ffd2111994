/**
 * The synthetic demo town's gazetteer, for place search (`GET /api/places`): its
 * settlements and wards as places, its invented streets, and postcodes.
 *
 * The postcodes cannot be real: their outward codes are ZZ1 … ZZ21, one per ward, and
 * there is no postcode area "ZZ" (Royal Mail's areas are listed in its PAF; the only
 * ZZ codes in use are the NHS's pseudo-postcodes ZZ99 for "no fixed abode" and
 * overseas, which this list stops short of). Every row is `synthetic = true` with source
 * `demo-town (synthetic)`. Pure: same town, same gazetteer; nothing here touches the database.
 */
import type { Knex } from 'knex';
import type { PlaceRow } from '../../server/places/schema.js';
import { insertMany } from '../../server/places/repo.js';
import type { Town } from './generate.js';
import { M_PER_DEG_LAT, M_PER_DEG_LON, SETTLEMENTS, STREETS, WARD_CENTRES } from './town.js';

export const GAZETTEER_SOURCE = 'demo-town (synthetic)';
/** Inward-code letters Royal Mail uses (no C, I, K, M, O, V). */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** Postcodes per ward, on a grid round its centre, and their spacing in metres. */
const GRID = 3;
const SPACING_M = 350;

/** The fictional outward code of the ward at an index of WARD_CENTRES, e.g. "ZZ16". */
export const outwardCode = (wardIndex: number) => `ZZ${wardIndex + 1}`;

/**
 * Every gazetteer row of the demo town.
 * @example buildGazetteer(buildTown(20261128)).find((p) => p.name === 'ZZ16 1AA') // the town-centre ward's first postcode
 */
export function buildGazetteer(town: Town): PlaceRow[] {
  const rows: PlaceRow[] = [];
  const base = { source: GAZETTEER_SOURCE, synthetic: true } as const;
  WARD_CENTRES.forEach((w, i) => {
    rows.push({ ...base, name: w.name, kind: 'place', lon: w.centre[0], lat: w.centre[1], precisionM: 1000, sourceRef: `ward-${i + 1}` });
    for (let k = 0; k < GRID * GRID; k++) {
      const dx = ((k % GRID) - 1) * SPACING_M;
      const dy = (Math.floor(k / GRID) - 1) * SPACING_M;
      const name = `${outwardCode(i)} ${1 + (k % 9)}${UNIT_LETTERS[Math.floor(k / 9)]}${UNIT_LETTERS[k % UNIT_LETTERS.length]}`;
      rows.push({ ...base, name, kind: 'postcode', lon: round(w.centre[0] + dx / M_PER_DEG_LON), lat: round(w.centre[1] + dy / M_PER_DEG_LAT), precisionM: 100, sourceRef: `postcode-${name}` });
    }
  });
  for (const s of SETTLEMENTS) {
    if (rows.some((r) => r.name === s.name)) continue;
    rows.push({ ...base, name: s.name, kind: 'place', lon: s.centre[0], lat: s.centre[1], precisionM: Math.round(s.sdM), sourceRef: `place-${s.name}` });
  }
  // A street lies where its premises are: the mean of their points, its spread the precision.
  for (const street of STREETS) {
    const on = town.premises.filter((p) => p.address.includes(` ${street},`));
    if (on.length === 0) continue;
    const lon = on.reduce((a, p) => a + p.lon, 0) / on.length;
    const lat = on.reduce((a, p) => a + p.lat, 0) / on.length;
    const spread = Math.max(...on.map((p) => Math.hypot((p.lon - lon) * M_PER_DEG_LON, (p.lat - lat) * M_PER_DEG_LAT)));
    rows.push({ ...base, name: `${street}, Bolton`, kind: 'street', lon: round(lon), lat: round(lat), precisionM: Math.max(50, Math.min(5000, Math.round(spread))), sourceRef: `street-${street}` });
  }
  return rows;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Loads the demo gazetteer inside the seed's transaction; returns how many rows. */
export const insertGazetteer = (trx: Knex.Transaction, town: Town) => insertMany(trx, buildGazetteer(town));
