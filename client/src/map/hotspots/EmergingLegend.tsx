import { formatCount, formatDate } from '../../format';
import type { Remote } from '../../useRemote';
import { EMERGING_PATTERNS, type EmergingCollection, type StudyArea } from './api';
import { EMERGING_PATTERN_LABELS } from '../../../../server/labels';
import { EMERGING_COLOURS } from './colours';
import './hotspots.css';

interface Props {
  study: StudyArea | null;
  result: Remote<EmergingCollection>;
}

const n = (x: number | string) => (typeof x === 'number' ? formatCount(x) : x);
const day = (iso: string) => formatDate(new Date(iso));

/** The emerging hot spot layer's legend: the patterns found, each with its cells, and how. */
export function EmergingLegend({ study, result }: Props) {
  const data = result.data;
  if (result.error) {
    return (
      <div className="legend" data-testid="emerging-legend" data-state="error">
        <p className="message message--info">No emerging hot spot map: {result.error.detail}</p>
      </div>
    );
  }
  if (!data) {
    return (
      <div className="legend" data-testid="emerging-legend" data-state="loading">
        <p className="legend__note">Building the space-time cube…</p>
      </div>
    );
  }
  const p = data.params;
  const found = EMERGING_PATTERNS.filter((k) => k !== 'no_pattern' && data.summary[k] > 0);
  return (
    <div className="legend hotspot-legend" data-testid="emerging-legend" data-state={result.loading ? 'loading' : 'ready'}>
      {found.length === 0 ? (
        <p className="legend__note">No emerging hot or cold spots under these filters.</p>
      ) : (
        <ul className="legend__swatches hotspot-legend__bins">
          {found.map((k) => (
            <li key={k} title={EMERGING_PATTERN_LABELS[k].means}>
              <span className="swatch swatch--square" style={{ background: EMERGING_COLOURS[k] }} aria-hidden="true" />
              {EMERGING_PATTERN_LABELS[k].name} <span className="hotspot-legend__count">({n(data.summary[k])})</span>
              <span className="hotspot-legend__means">{EMERGING_PATTERN_LABELS[k].means}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="hotspot-explain">
        <p>
          <strong>How this was worked out.</strong> {n(p.sightings)} sightings in {study?.name ?? 'the study area'} from {day(p.from)} to {day(p.to)} were
          counted in {n(p.cellSize)} m cells for each of {p.steps} {p.step}s. Gi* was run for every cell and {p.step} (neighbours: {p.neighbourhood}), with the
          False Discovery Rate correction, and a Mann-Kendall test asked whether each cell’s Gi* z-scores rise or fall over time. Each cell is then named by
          ArcGIS’s Emerging Hot Spot rules above.
        </p>
        {data.notes.map((note) => (
          <p key={note}>{note}</p>
        ))}
      </div>
    </div>
  );
}
