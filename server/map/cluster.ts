import Supercluster, { type ClusterProperties } from 'supercluster';
import type { GridCell } from './repo.js';

export interface ClusterProps {
  cluster: true;
  cluster_id: number | null;
  point_count: number;
  point_count_abbreviated: string;
  /** The zoom at which this cluster splits (click to zoom there). */
  expansion_zoom: number;
  categories: Record<string, number>;
}
export interface PointProps {
  cluster: false;
  id: string;
  category: string;
  observedAt: string;
}
export type ClusterFeature = GeoJSON.Feature<GeoJSON.Point, ClusterProps | PointProps>;

type CellProps = { n: number; categories: Record<string, number>; id: string | null; observedAt: Date | null };

/** 6 decimals of a degree is about 0.1 m: supercluster's means otherwise carry 16 digits each. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const point = (g: GeoJSON.Point): GeoJSON.Point => ({ type: 'Point', coordinates: [round6(g.coordinates[0]!), round6(g.coordinates[1]!)] });

export const abbreviate = (n: number): string => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

/**
 * Clusters pre-aggregated grid cells with supercluster, summing sighting counts
 * and category breakdowns (not cell counts) through map/reduce.
 * @param cells grid cells from SQL, WGS84
 * @param zoom integer map zoom
 */
export function clusterCells(cells: GridCell[], bbox: [number, number, number, number], zoom: number, opts: { radius?: number; maxZoom?: number } = {}): ClusterFeature[] {
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
      properties: { n: c.n, categories: c.categories, id: c.id, observedAt: c.observedAt },
    })),
  );
  return index.getClusters(bbox, Math.floor(zoom)).map((f): ClusterFeature => {
    const p = f.properties as Partial<ClusterProperties> & { n: number; categories: Record<string, number> } & Partial<CellProps>;
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
        },
      };
    }
    if (p.n === 1 && p.id) {
      return {
        type: 'Feature',
        id: p.id,
        geometry: point(f.geometry),
        properties: { cluster: false, id: p.id, category: Object.keys(p.categories)[0]!, observedAt: p.observedAt!.toISOString() },
      };
    }
    // Several sightings in one grid cell: still a cluster, split by zooming in.
    return {
      type: 'Feature',
      geometry: point(f.geometry),
      properties: { cluster: true, cluster_id: null, point_count: p.n, point_count_abbreviated: abbreviate(p.n), expansion_zoom: Math.min(Math.floor(zoom) + 2, 20), categories: p.categories },
    };
  });
}
