import { formatCount } from '../../format';
import type { EmergingCollection, HotSpotCollection, PlacesCollection } from './api';
import { clusterOf, dissolve, inRing, type LatticeCell } from './cluster';
import { EMERGING_PATTERN_LABELS } from '../../../../server/labels';
import { GI_BIN_COLOURS, GI_BIN_LABELS } from './colours';
import type { PickedCell } from './HotspotLayers';
import { planDisruption } from './planDisruption';
import './hotspots.css';

interface Props {
  picked: PickedCell;
  hotspots: HotSpotCollection | null;
  emerging: EmergingCollection | null;
  places: PlacesCollection | null;
  studyName: string;
  /** The role may plan disruption (analyst, admin). */
  mayPlan: boolean;
  /** "List these sightings" of the cell (`cell` as GET /api/sightings takes it); absent for roles that may not list records. */
  onList?: ((cell: string, title: string) => void) | undefined;
  onClose: () => void;
}

const n = (x: number | string) => (typeof x === 'number' ? formatCount(x) : x);

/**
 * A card over the map for the cell clicked: its confidence, count and z (or its
 * emerging pattern), and for a significant hot spot the cluster it belongs to with
 * "Plan disruption here", which hands the cluster's outline to the disruption page.
 */
export function HotspotCellCard({ picked, hotspots, emerging, places, studyName, mayPlan, onList, onClose }: Props) {
  if (picked.layer === 'emerging') {
    const f = emerging?.features.find((x) => x.id === picked.id);
    if (!f) return null;
    const label = EMERGING_PATTERN_LABELS[f.properties.pattern];
    return (
      <section className="hotspot-card" aria-labelledby="hotspot-card-heading" data-testid="hotspot-card">
        <div className="hotspot-card__bar">
          <h2 id="hotspot-card-heading">{label.name}</h2>
          <button type="button" className="button button--small" onClick={onClose} aria-label="Close the cell details">
            ✕
          </button>
        </div>
        <p>{label.means[0]!.toUpperCase() + label.means.slice(1)}.</p>
        <p>
          {n(f.properties.count)} sightings in this {emerging!.params.cellSize} m cell; hot in {f.properties.hotSteps} of {emerging!.params.steps} {emerging!.params.step}s
          {f.properties.coldSteps ? `, cold in ${f.properties.coldSteps}` : ''}. Trend of Gi* z over time: Mann-Kendall z {f.properties.trendZ.toFixed(2)} (p{' '}
          {f.properties.trendP < 0.001 ? '< 0.001' : `= ${f.properties.trendP.toFixed(3)}`}).
        </p>
      </section>
    );
  }

  const f = hotspots?.features.find((x) => x.id === picked.id);
  if (!hotspots || !f) return null;
  const bin = f.properties.bin;
  const label = GI_BIN_LABELS.find(([b]) => b === bin)![1];
  const hotCells: LatticeCell[] = bin > 0 ? hotspots.features.filter((x) => x.properties.bin > 0).map((x) => ({ id: x.id, ring: x.geometry.coordinates[0]! })) : [];
  const cluster = bin > 0 ? clusterOf(hotCells, f.id) : [];
  const plan = () => {
    const geometry = dissolve(cluster);
    const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((poly) => poly[0]!);
    // Named for the busiest named place inside it, if the repeat places know one.
    const place = places?.features.find((pl) => pl.properties.name && rings.some((r) => inRing(pl.geometry.coordinates, r)));
    const where = place ? `round ${place.properties.name}` : `in ${studyName}`;
    planDisruption({ name: `Hot spot ${where} (${cluster.length} × ${hotspots.params.cellSize} m cells, Gi* 90–99 %)`, geometry });
  };
  return (
    <section className="hotspot-card" aria-labelledby="hotspot-card-heading" data-testid="hotspot-card">
      <div className="hotspot-card__bar">
        <h2 id="hotspot-card-heading">
          <span className="swatch swatch--square" style={{ background: GI_BIN_COLOURS[bin] }} aria-hidden="true" /> {label}
        </h2>
        <button type="button" className="button button--small" onClick={onClose} aria-label="Close the cell details">
          ✕
        </button>
      </div>
      {f.properties.where && (
        <p className="hotspot-card__where" data-testid="hotspot-card-where">
          {f.properties.where}
        </p>
      )}
      <p>
        {n(f.properties.count)} sightings in this {hotspots.params.cellSize} m cell; {f.properties.neighbours} cells within {n(hotspots.params.bandwidth)} m counted with it.
        {f.properties.giZ !== null && ` Gi* z = ${f.properties.giZ.toFixed(2)}.`}
      </p>
      {onList && (
        <button
          type="button"
          className="button hotspot-card__list"
          onClick={() => onList(`${hotspots.params.shape}:${hotspots.params.cellSize}:${f.id}`, `Sightings in a ${hotspots.params.cellSize} m ${hotspots.params.shape === 'hex' ? 'hexagon' : 'square'}${f.properties.where ? `, ${f.properties.where}` : ''}`)}
        >
          List these sightings
        </button>
      )}
      {bin > 0 && (
        <>
          <p>
            It is one of {cluster.length} significant hot spot cell{cluster.length === 1 ? '' : 's'} joined edge to edge
            {cluster.length > 1 ? ' in this cluster' : ''}.
          </p>
          {mayPlan && (
            <button type="button" className="button" onClick={plan}>
              Plan disruption here
            </button>
          )}
        </>
      )}
    </section>
  );
}
