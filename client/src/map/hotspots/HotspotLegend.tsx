import { formatCount } from '../../format';
import type { Remote } from '../../useRemote';
import type { HotSpotCollection, StudyArea } from './api';
import { GI_BIN_COLOURS, GI_BIN_LABELS } from './colours';
import './hotspots.css';

interface Props {
  study: StudyArea | null;
  result: Remote<HotSpotCollection>;
  /** Significant hot spot cells the map has drawn. */
  drawnCells: number;
  showNotSignificant: boolean;
  onShowNotSignificant: (show: boolean) => void;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const n = (x: number | string) => (typeof x === 'number' ? formatCount(x) : x);

/** How the bandwidth was found, in words. */
function bandwidthWords(p: HotSpotCollection['params']): string {
  if (p.bandwidthMethod === 'given') return 'as set for this analysis';
  if (p.bandwidthMethod === 'moran-peak') return 'the distance at which clustering of counts first peaks (Global Moran’s I over increasing distances), as ArcGIS’s Optimized Hot Spot Analysis chooses it';
  return `no distance showed a clear peak of clustering, so the average distance from each cell with sightings to its ${p.scale?.k ?? 'k'}th-nearest such cell, as ArcGIS’s Optimized Hot Spot Analysis falls back to`;
}

/**
 * The hot spot layer's legend (ArcGIS's Gi_Bin colours, each with its number of cells)
 * and a plain-words account of the method and the parameters the server used.
 */
export function HotspotLegend({ study, result, drawnCells, showNotSignificant, onShowNotSignificant }: Props) {
  const data = result.data;
  if (result.error) {
    return (
      <div className="legend" data-testid="hotspot-legend" data-state="error">
        <p className="message message--info">No hot spot map: {result.error.detail}</p>
      </div>
    );
  }
  if (!data) {
    return (
      <div className="legend" data-testid="hotspot-legend" data-state="loading">
        <p className="legend__note">Analysing {study?.name ?? 'the study area'}…</p>
      </div>
    );
  }
  const p = data.params;
  const byBin = new Map<number, number>();
  for (const f of data.features) byBin.set(f.properties.bin, (byBin.get(f.properties.bin) ?? 0) + 1);
  const shape = p.shape === 'hex' ? 'hexagon' : 'square';
  return (
    <div className="legend hotspot-legend" data-testid="hotspot-legend" data-state={result.loading ? 'loading' : 'ready'} data-drawn-hot-cells={drawnCells}>
      <ul className="legend__swatches hotspot-legend__bins">
        {GI_BIN_LABELS.map(([bin, label]) => (
          <li key={bin}>
            <span className="swatch swatch--square" style={{ background: GI_BIN_COLOURS[bin] }} aria-hidden="true" />
            {label} <span className="hotspot-legend__count">({n(byBin.get(bin) ?? 0)})</span>
          </li>
        ))}
      </ul>
      <div className="check">
        <input id="hotspot-not-significant" type="checkbox" checked={showNotSignificant} onChange={(e) => onShowNotSignificant(e.target.checked)} />
        <label htmlFor="hotspot-not-significant">Show cells that are not significant (grey)</label>
      </div>
      <div className="hotspot-explain" data-testid="hotspot-explanation">
        <p>
          <strong>How this was worked out.</strong> {capital(study?.name ?? 'the study area')} was divided into {n(p.n)} {shape}s of {n(p.cellSize)} m
          {p.cellSizeMethod === 'raised' ? ' (enlarged for disclosure control)' : ''}, holding {n(p.sightings)} sightings under the current filters. For each{' '}
          {shape}, the Getis-Ord Gi* statistic compares the sightings in it and its neighbours within <strong>{n(p.bandwidth)} m</strong> with what the study
          area’s average would give by chance. The {n(p.bandwidth)} m is {bandwidthWords(p)}.
        </p>
        <p>
          A hot spot is a place where high counts cluster more than chance explains; a cold spot, where low counts do. Because thousands of {shape}s are tested
          at once, the confidence levels are corrected for the <strong>False Discovery Rate</strong> (Benjamini–Hochberg), so that few of the coloured{' '}
          {shape}s are there by chance alone. A cell left clear (or grey, if shown) is one the data cannot tell from the average: not one where nothing happens.
        </p>
        {data.restricted && <p>For your role, counts under 5 show as “&lt;5” and z-scores are withheld; the confidence levels are shown.</p>}
        {data.notes.map((note) => (
          <p key={note}>{note}</p>
        ))}
      </div>
    </div>
  );
}
