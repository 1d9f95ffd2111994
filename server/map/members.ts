import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { BBox } from '../geo/bbox.js';
import type { SightingFilters } from '../sightings/filters.js';
import { clusterGridSize, clusterLeaves } from './cluster.js';
import * as repo from './repo.js';
import type { ClusterRef } from '../sightings/picks.js';

/**
 * The grid cells of a cluster the map drew for this view (bbox) and these filters,
 * found by making the clusters again as `clusters` made them; null when no such cluster
 * is there now (the data changed, or the link was made up).
 */
export async function clusterCellsOf(db: Db, config: Config, f: SightingFilters & { bbox: BBox }, ref: ClusterRef): Promise<NonNullable<SightingFilters['mercatorCells']> | null> {
  const size = clusterGridSize(ref.zoom);
  if (!('clusterId' in ref)) return { size, ix: [ref.ix], iy: [ref.iy] };
  // The aggregates' scope and filters, as service.clusters reads them, so the ids are the same.
  const cells = await repo.mercatorGrid(db.knex, f, config.timeZone, 'all', size);
  const leaves = clusterLeaves(cells, ref.clusterId);
  return leaves ? { size, ix: leaves.map((c) => c.ix), iy: leaves.map((c) => c.iy) } : null;
}
