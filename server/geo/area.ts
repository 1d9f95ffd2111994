import type { Db } from '../db/index.js';
import { unprocessable } from '../http/errors.js';
import type { AreaGeometry } from './geojson.js';
import { invalidReason } from './repo.js';

/** Refuses a polygon PostGIS finds invalid, saying why (422 naming `geometry`). */
export async function checkArea(db: Db, geometry: AreaGeometry): Promise<void> {
  const reason = await invalidReason(db.knex, geometry);
  if (reason) throw unprocessable(`The polygon is not valid: ${reason}.`, [{ path: 'geometry', message: reason }]);
}
