import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Caller } from '../http/auth.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import { record } from '../audit/service.js';
import { recordScope } from '../auth/policy.js';
import { checkArea } from '../geo/area.js';
import { clusterCellsOf } from '../map/members.js';
import type { SightingFilters } from './filters.js';
import { picksFromMap, type Selection } from './picks.js';

/**
 * The filters with the picked cell, cluster or area added. Only readers of every record
 * list what the map shows (DESIGN.md, Roles): restricted roles' maps are counts, whose
 * disclosure control a list of the same cell would undo, so they are refused (and the
 * refusal audited).
 */
export async function withSelection(db: Db, config: Config, caller: Caller, f: SightingFilters, q: Selection): Promise<SightingFilters> {
  if (!picksFromMap(q)) return f;
  if (recordScope(caller.role) !== 'all') {
    await record(db, caller, { action: 'denied', targetType: 'sighting', query: { selection: Object.keys(q).filter((k) => q[k as keyof Selection] !== undefined) }, outcome: '403 forbidden' });
    throw forbidden(`Lists of a hot spot, cluster or drawn area's sightings are for analysts and admins; the ${caller.role} role's map shows disclosure-controlled counts.`);
  }
  const out: SightingFilters = { ...f };
  if (q.cell) out.lattice = q.cell;
  if (q.within) {
    await checkArea(db, q.within);
    out.within = q.within;
  }
  if (q.cluster) {
    if (!f.bbox) throw badRequest('A cluster is listed with the bbox its view was drawn with.', [{ path: 'bbox', message: 'is required with cluster' }]);
    const cells = await clusterCellsOf(db, config, { ...f, bbox: f.bbox }, q.cluster);
    if (!cells) throw notFound('That cluster is no longer on the map for this view and these filters; redraw the map and open it again.');
    out.mercatorCells = cells;
  }
  return out;
}
