import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/errors.js';
import { record, recordIn } from '../audit/service.js';
import { checkArea } from '../geo/area.js';
import type { SightingFilters } from '../sightings/filters.js';
import { periodStats } from '../map/service.js';
import type { Caller } from '../http/auth.js';
import * as repo from './repo.js';
import type { CreateArea } from './schema.js';
import type { AreaStats } from '../map/schema.js';

export async function list(db: Db, v: Caller, kind?: string) {
  const areas = await repo.list(db.knex, kind);
  await record(db, v, { action: 'search', targetType: 'area', query: { kind, returned: areas.length }, outcome: 'ok' });
  return areas;
}

export async function create(db: Db, v: Caller, a: CreateArea) {
  await checkArea(db, a.geometry);
  return db.knex.transaction(async (trx) => {
    const area = await repo.insert(trx, { ...a, createdBy: v.userId });
    await recordIn(trx, v, { action: 'create', targetType: 'area', targetIds: [area.id], query: { name: a.name, kind: a.kind }, outcome: 'ok' });
    return area;
  });
}

export async function stats(db: Db, config: Config, v: Caller, id: string, f: SightingFilters): Promise<AreaStats> {
  const area = await repo.findById(db.knex, id);
  if (!area) throw notFound(`No area ${id}.`);
  const s = await periodStats(db, config, v, { ...f, areaId: id }, { type: 'area', ids: [id] });
  return { area: { id: area.id, name: area.name, kind: area.kind }, ...s };
}
