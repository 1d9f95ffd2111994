import { memo } from 'react';
import { Marker } from '@vis.gl/react-maplibre';
import { SIGHTING_CATEGORIES, type SightingCategory } from '../../../server/lists';
import { CATEGORY_LABELS } from '../../../server/labels';
import { formatCount, formatDateTime } from '../format';
import type { CellProps, ClusterFeature, ClusterProps, Count, SightingPointProps } from './api';
import { Donut } from './Donut';
import { cellLabelAt, type BBox } from './geometry';
import { CATEGORY_COLOURS } from './palette';

interface Props {
  features: ClusterFeature[];
  /** Zoom to where a cluster or cell splits. */
  onExpand: (lngLat: [number, number], zoom: number) => void;
  /** Open a sighting's record; absent for roles that may not read records. */
  onOpenRecord?: ((id: string) => void) | undefined;
  /** The sighting whose record is open, drawn ringed. */
  selectedId?: string | null | undefined;
  /**
   * A cluster clicked, to offer "List these sightings" (roles that read every record).
   * At the last zoom a cluster (sightings at one address) no longer splits: the click lists it instead of zooming.
   */
  onPick?: ((p: ClusterProps, lastZoom: boolean) => void) | undefined;
  /** The map is at its closest zoom. */
  lastZoom?: boolean | undefined;
  /** The view's bounds, so that a grid count's label near an edge moves into view rather than being cut off. */
  view?: BBox | undefined;
}

/**
 * Sightings on the map as HTML markers: clusters as category rings, disclosure cells
 * as count badges, single sightings as dots. Each is a labelled button, so the map's
 * contents are reachable by keyboard and need no map glyphs.
 */
export const ClusterMarkers = memo(function ClusterMarkers({ features, onExpand, onOpenRecord, selectedId, onPick, lastZoom = false, view }: Props) {
  return (
    <>
      {features.map((f) => {
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties;
        const key = p.cluster ? `c:${lon},${lat}` : `p:${p.id}`;
        const [x, y] = p.cluster && p.cell && view ? cellLabelAt([lon, lat], p.outline, view) : [lon, lat];
        return (
          <Marker key={key} longitude={x} latitude={y} anchor="center">
            {!p.cluster ? (
              <PointButton p={p} onOpen={onOpenRecord} selected={p.id === selectedId} />
            ) : p.cell ? (
              <CellButton p={p} onClick={() => onExpand([lon, lat], p.expansion_zoom)} />
            ) : (
              <ClusterButton
                p={p}
                lists={Boolean(onPick) && lastZoom}
                onClick={() => {
                  if (onPick && lastZoom) return onPick(p, true);
                  onExpand([lon, lat], p.expansion_zoom);
                  onPick?.(p, false);
                }}
              />
            )}
          </Marker>
        );
      })}
    </>
  );
});

/** Diameter of a cluster ring, CSS pixels: grows with the log of the count. */
export const clusterSize = (n: number): number => Math.round(Math.min(60, 24 + 10 * Math.log10(Math.max(n, 1))));

function ClusterButton({ p, lists, onClick }: { p: ClusterProps; lists: boolean; onClick: () => void }) {
  const size = clusterSize(p.point_count);
  const breakdown = describeCategories(p.categories);
  return (
    <button
      type="button"
      className="cluster-marker"
      style={{ width: size, height: size }}
      data-count={p.point_count}
      aria-label={`${formatCount(p.point_count)} sightings here: ${breakdown}. ${lists ? 'List them.' : 'Zoom in.'}`}
      title={`${formatCount(p.point_count)} sightings\n${breakdown.replaceAll('; ', '\n')}`}
      onClick={stop(onClick)}
    >
      <Donut categories={p.categories} size={size} label={p.point_count_abbreviated} />
    </button>
  );
}

/** A disclosure cell: the server draws only cells whose count reads a number (5 or more). */
function CellButton({ p, onClick }: { p: CellProps; onClick: () => void }) {
  const km = p.cellSize >= 1000 ? `${(p.cellSize / 1000).toLocaleString('en-GB')} km` : `${p.cellSize} m`;
  const breakdown = describeCategories(p.categories);
  const figure = formatCount(p.point_count);
  return (
    <button
      type="button"
      className="cell-marker"
      data-count={String(p.point_count)}
      aria-label={`${figure} sightings in this ${km} square: ${breakdown}. Zoom in.`}
      title={`${figure} sightings in a ${km} square\n${breakdown.replaceAll('; ', '\n')}`}
      onClick={stop(onClick)}
    >
      {p.point_count_abbreviated}
    </button>
  );
}

function PointButton({ p, onOpen, selected }: { p: SightingPointProps; onOpen?: ((id: string) => void) | undefined; selected: boolean }) {
  const what = `${CATEGORY_LABELS[p.category] ?? p.category}, ${formatDateTime(p.observedAt)}`;
  const style = { background: CATEGORY_COLOURS[p.category] ?? '#8a94a3' };
  const className = selected ? 'point-marker point-marker--selected' : 'point-marker';
  if (!onOpen) return <span className={className} style={style} title={what} />;
  return (
    <button
      type="button"
      className={className}
      style={style}
      data-sighting-id={p.id}
      aria-label={`Sighting: ${what}. Open the record.`}
      aria-pressed={selected}
      title={what}
      onClick={stop(() => onOpen(p.id))}
    />
  );
}

/** "Party address 12; Other 3", largest first; suppressed counts stay "<5". */
function describeCategories(categories: Partial<Record<SightingCategory, Count>>): string {
  const rank = (n: Count) => (typeof n === 'number' ? n : 2.5);
  return SIGHTING_CATEGORIES.filter((c) => categories[c] !== undefined && categories[c] !== 0)
    .sort((a, b) => rank(categories[b]!) - rank(categories[a]!))
    .map((c) => `${CATEGORY_LABELS[c]} ${categories[c]}`)
    .join('; ');
}

/** A click on a marker is not a click on the map beneath it. */
const stop = (fn: () => void) => (e: { stopPropagation: () => void }) => {
  e.stopPropagation();
  fn();
};
