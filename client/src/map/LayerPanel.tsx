import { useMemo, type ReactNode } from 'react';
import { PREMISES_CATEGORIES, SIGHTING_CATEGORIES } from '../../../server/lists';
import { CATEGORY_LABELS, PREMISES_CATEGORY_LABELS } from '../labels';
import type { Choropleth } from './api';
import { CHOROPLETH_COLOURS, SUPPRESSED_COLOUR, choroplethBreaks, classLabels } from './choropleth';
import { CATEGORY_COLOURS, HEAT_RAMP, WARD_LINE } from './palette';
import { premisesSymbolUrl } from './premisesImages';
import { HEAT_INTENSITY, HEAT_RADIUS, type HeatSettings, type LayerId } from './urlState';

interface Props {
  layers: readonly LayerId[];
  onToggle: (id: LayerId, on: boolean) => void;
  heat: HeatSettings;
  onHeat: (h: HeatSettings) => void;
  /** Aggregates are disclosure-controlled for this role (cells, "<5"). */
  restricted: boolean;
  choropleth: Choropleth | null;
  /** Legends of the hot spot layers (hotspots/*), shown under their switches. */
  hotspotLegends?: { hotspots: ReactNode; emerging: ReactNode };
  /** Layers not offered to this role (planners: premises). */
  hidden?: readonly LayerId[];
}

/** Each layer's switch with its legend beneath; the heatmap's controls under its own. */
export function LayerPanel({ layers, onToggle, heat, onHeat, restricted, choropleth, hotspotLegends, hidden = [] }: Props) {
  const on = (id: LayerId) => layers.includes(id);
  const offered = (id: LayerId) => !hidden.includes(id);
  const toggle = (id: LayerId, label: string) => (
    <div className="check check--layer">
      <input id={`layer-${id}`} type="checkbox" checked={on(id)} onChange={(e) => onToggle(id, e.target.checked)} />
      <label htmlFor={`layer-${id}`}>{label}</label>
    </div>
  );
  const symbols = useMemo(() => Object.fromEntries(PREMISES_CATEGORIES.map((c) => [c, premisesSymbolUrl(c)])), []);
  const max = choropleth ? Math.max(0, ...choropleth.areas.map((a) => (typeof a.count === 'number' ? a.count : 0))) : 0;
  const classes = classLabels(choroplethBreaks(max));

  return (
    <section className="panel-section" aria-labelledby="layers-heading">
      <h2 id="layers-heading">Layers and legend</h2>

      {toggle('clusters', restricted ? 'Sightings by grid square' : 'Sightings (clusters and points)')}
      {on('clusters') && (
        <div className="legend">
          <p className="legend__note">
            {restricted
              ? 'Counts per grid square, placed at the square’s centre; fewer than 5 show as “<5”. Select a square to zoom in.'
              : 'Rings show how many sightings are near each other, split by category; select a ring to zoom in, a dot to open its record.'}
          </p>
          <ul className="legend__swatches">
            {SIGHTING_CATEGORIES.map((c) => (
              <li key={c}>
                <span className="swatch" style={{ background: CATEGORY_COLOURS[c] }} aria-hidden="true" />
                {CATEGORY_LABELS[c]}
              </li>
            ))}
          </ul>
        </div>
      )}

      {toggle('heat', 'Heatmap')}
      {on('heat') && (
        <div className="legend">
          <div className="legend__ramp" style={{ background: `linear-gradient(to right, ${HEAT_RAMP.slice(1).map(([, c]) => c).join(', ')})` }} aria-hidden="true" />
          <p className="legend__ends" aria-hidden="true">
            <span>Fewer sightings</span>
            <span>More</span>
          </p>
          <div className="field field--range">
            <label htmlFor="heat-radius">Radius</label>
            <input
              id="heat-radius"
              type="range"
              min={HEAT_RADIUS.min}
              max={HEAT_RADIUS.max}
              step={1}
              value={heat.radius}
              aria-valuetext={`${heat.radius} pixels`}
              onChange={(e) => onHeat({ ...heat, radius: Number(e.target.value) })}
            />
            <output htmlFor="heat-radius">{heat.radius} px</output>
          </div>
          <div className="field field--range">
            <label htmlFor="heat-intensity">Intensity</label>
            <input
              id="heat-intensity"
              type="range"
              min={HEAT_INTENSITY.min}
              max={HEAT_INTENSITY.max}
              step={0.1}
              value={heat.intensity}
              onChange={(e) => onHeat({ ...heat, intensity: Math.round(Number(e.target.value) * 10) / 10 })}
            />
            <output htmlFor="heat-intensity">× {heat.intensity.toFixed(1)}</output>
          </div>
        </div>
      )}

      {toggle('hotspots', 'Hot spots (Getis-Ord Gi*)')}
      {on('hotspots') && hotspotLegends?.hotspots}

      {toggle('emerging', 'Emerging hot spots (space-time trend)')}
      {on('emerging') && hotspotLegends?.emerging}

      {offered('premises') && toggle('premises', 'Premises')}
      {offered('premises') && on('premises') && (
        <ul className="legend legend__swatches">
          {PREMISES_CATEGORIES.map((c) => (
            <li key={c}>
              {symbols[c] && <img className="legend__symbol" src={symbols[c]} alt="" width={16} height={16} />}
              {PREMISES_CATEGORY_LABELS[c]}
            </li>
          ))}
        </ul>
      )}

      {toggle('areas', 'Ward boundaries and names')}
      {on('areas') && (
        <p className="legend legend__note">
          <span className="legend__line" style={{ borderColor: WARD_LINE }} aria-hidden="true" /> Ward boundary (synthetic demo wards are approximate)
        </p>
      )}

      {toggle('choropleth', 'Shade wards by count')}
      {on('choropleth') && (
        <ul className="legend legend__swatches">
          {classes.map((label, i) => (
            <li key={label}>
              <span className="swatch swatch--square" style={{ background: CHOROPLETH_COLOURS[i] }} aria-hidden="true" />
              {label} sightings
            </li>
          ))}
          {restricted && (
            <li>
              <span className="swatch swatch--square" style={{ background: SUPPRESSED_COLOUR }} aria-hidden="true" />
              Fewer than 5
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
