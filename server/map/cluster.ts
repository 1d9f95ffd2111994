import Supercluster, { type ClusterProperties } from 'supercluster';
import type { SightingCategory } from '../lists.js';
import type { GridCell } from './repo.js';
import type { ClusterFeature, ClusterProps, MapPoint } from './schema.js';

export type { ClusterFeature };

type CellProps = { n: number; categories: Record<string, number>; id: string | null; observedAt: Date | null; ix: number; iy: number };

/** Web Mercator metres per pixel at the equator at zoom 0 (256-px tiles). */
export const M_PER_PX_Z0 = 156_543.033_928_040_97;

/** The Web Mercator grid (metres) the clusters of a zoom are made from: 8 pixels a cell. */
export const clusterGridSize = (zoom: number): number => (M_PER_PX_Z0 * 8) / 2 ** Math.floor(zoom);

/** 6 decimals of a degree is about 0.1 m: supercluster's means otherwise carry 16 digits each. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const point = (g: GeoJSON.Point): MapPoint => ({ type: 'Point', coordinates: [round6(g.coordinates[0]!), round6(g.coordinates[1]!)] });

export const abbreviate = (n: number): string => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

/**
 * Clusters pre-aggregated grid cells with supercluster, summing sighting counts
 * and category breakdowns (not cell counts) through map/reduce.
 * @param cells grid cells from SQL, WGS84
 * @param zoom integer map zoom
 */
export function clusterCells(cells: GridCell[], bbox: [number, number, number, number], zoom: number, opts: { radius?: number; maxZoom?: number } = {}): ClusterFeature[] {
  const index = clusterIndex(cells, opts);
  const z = Math.floor(zoom);
  return index.getClusters(bbox, z).map((f): ClusterFeature => {
    const p = f.properties as Partial<ClusterProperties> & { n: number; categories: ClusterProps['categories'] } & Partial<CellProps>;
    if (p.cluster) {
      return {
        type: 'Feature',
        geometry: point(f.geometry),
        properties: {
          cluster: true,
          cluster_id: p.cluster_id!,
          point_count: p.n,
          point_count_abbreviated: abbreviate(p.n),
          expansion_zoom: Math.min(index.getClusterExpansionZoom(p.cluster_id!), 20),
          categories: p.categories,
          members: `${z}/${p.cluster_id!}`,
        },
      };
    }
    if (p.n === 1 && p.id) {
      return {
        type: 'Feature',
        id: p.id,
        geometry: point(f.geometry),
        properties: { cluster: false, id: p.id, category: Object.keys(p.categories)[0] as SightingCategory, observedAt: p.observedAt!.toISOString() },
      };
    }
    // Several sightings in one grid cell: still a cluster, split by zooming in.
    return {
      type: 'Feature',
      geometry: point(f.geometry),
      properties: {
        cluster: true,
        cluster_id: null,
        point_count: p.n,
        point_count_abbreviated: abbreviate(p.n),
        expansion_zoom: Math.min(z + 2, 20),
        categories: p.categories,
        members: `${z}/${p.ix!}:${p.iy!}`,
      },
    };
  });
}

/**
 * The supercluster index of the grid cells. Built the same way for the same cells, it
 * gives the same cluster ids, so a cluster drawn earlier can be opened again (`clusterLeaves`).
 */
function clusterIndex(cells: GridCell[], opts: { radius?: number; maxZoom?: number } = {}) {
  const maxZoom = opts.maxZoom ?? 17;
  const index = new Supercluster<CellProps, { n: number; categories: Record<string, number> }>({
    radius: opts.radius ?? 60,
    maxZoom,
    map: (p) => ({ n: p.n, categories: { ...p.categories } }),
    // supercluster clones cluster properties shallowly, so the nested breakdown is
    // replaced rather than mutated: a shared object would be counted at every zoom.
    reduce: (acc, p) => {
      acc.n += p.n;
      const merged = { ...acc.categories };
      for (const [k, v] of Object.entries(p.categories)) merged[k] = (merged[k] ?? 0) + v;
      acc.categories = merged;
    },
  });
  index.load(
    cells.map((c) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] },
      properties: { n: c.n, categories: c.categories, id: c.id, observedAt: c.observedAt, ix: c.ix, iy: c.iy },
    })),
  );
  return index;
}

/** The grid cells (ix, iy) of a cluster that `clusterCells` drew with this id, or null when it drew none. */
export function clusterLeaves(cells: GridCell[], clusterId: number): { ix: number; iy: number }[] | null {
  try {
    return clusterIndex(cells).getLeaves(clusterId, Infinity).map((f) => ({ ix: f.properties.ix, iy: f.properties.iy }));
  } catch {
    // supercluster throws on an id it never made (a stale or made-up link).
    return null;
  }
}
