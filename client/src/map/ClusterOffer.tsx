import { formatCount } from '../format';
import { bboxParam, type BBox, type ClusterProps } from './api';

/** A cluster clicked, and the clusters request (`clusters?<filters>&bbox=…&zoom=…`) that drew it. */
export interface ClusterPick {
  p: ClusterProps;
  viewKey: string;
}

/**
 * "List these sightings" of a cluster: the view's filters and bbox, as the clusters were
 * asked for, and the cluster's `members`, so that the server makes the same clusters again
 * and lists exactly this one's sightings. Null for a cluster without members.
 */
export function clusterList({ p, viewKey }: ClusterPick): { title: string; params: Record<string, string> } | null {
  if (!p.members) return null;
  const { zoom: _zoom, bbox, ...filters } = Object.fromEntries(new URLSearchParams(viewKey.slice(viewKey.indexOf('?') + 1)));
  if (!bbox) return null;
  // The bbox exactly as the clusters request sent it (api.clusters), or the clusters made again would differ.
  const sent = bboxParam(bbox.split(',').map(Number) as BBox);
  return { title: `Cluster of ${formatCount(p.point_count)} sightings`, params: { ...filters, bbox: sent, cluster: p.members } };
}

/** After a cluster is clicked (and the map zooms in): an offer to list what it held. */
export function ClusterOffer({ pick, onList, onClose }: { pick: ClusterPick; onList: (title: string, params: Record<string, string>) => void; onClose: () => void }) {
  const list = clusterList(pick);
  if (!list) return null;
  return (
    <div className="cluster-offer" role="region" aria-label="The cluster you opened" data-testid="cluster-offer">
      <span>{formatCount(pick.p.point_count)} sightings in the cluster you opened</span>
      <button type="button" className="button button--small button--primary" onClick={() => onList(list.title, list.params)}>
        List these sightings
      </button>
      <button type="button" className="button button--small" onClick={onClose} aria-label="Close the offer">
        ✕
      </button>
    </div>
  );
}
