import { useMemo, type ReactNode } from 'react';
import { CATEGORY_LABELS, PREMISES_CATEGORIES, PREMISES_CATEGORY_LABELS, SIGHTING_CATEGORIES } from '../../../server/lists';
import type { Choropleth } from './api';
import { CHOROPLETH_COLOURS, SUPPRESSED_COLOUR, choroplethClasses, rateLabels } from './choropleth';
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
  /** Sightings per km² drawn at the top of the heat ramp (heat.ts), when the heatmap has data */
  heatTopPerKm2: number | null;
  /** Legends of the hot spot layers (hotspots/*), shown under their switches. */
  hotspotLegends?: { hotspots: ReactNode; emerging: ReactNode };
  /** Layers not offered to this role (planners: premises). */
  hidden?: readonly LayerId[];
}

/** Each layer's switch with its legend beneath; the heatmap's controls under its own. */
export function LayerPanel({ layers, onToggle, heat, onHeat, restricted, choropleth, heatTopPerKm2, hotspotLegends, hidden = [] }: Props) {
  const on = (id: LayerId) => layers.includes(id);
  const offered = (id: LayerId) => !hidden.includes(id);
  const toggle = (id: LayerId, label: string) => (
    <div className="check check--layer">
      <input id={`layer-${id}`} type="checkbox" checked={on(id)} onChange={(e) => onToggle(id, e.target.checked)} />
      <label htmlFor={`layer-${id}`}>{label}</label>
    </div>
  );
  const symbols = useMemo(() => Object.fromEntries(PREMISES_CATEGORIES.map((c) => [c, premisesSymbolUrl(c)])), []);
  const shading = choroplethClasses(choropleth);
  const classes = rateLabels(shading.breaks);

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
          {heatTopPerKm2 === null ? (
            <p className="legend__ends" aria-hidden="true">
              <span>Fewer sightings</span>
              <span>More</span>
            </p>
          ) : (
            <>
              <p className="legend__ends" aria-hidden="true">
                <span>0</span>
                <span>{formatRate(heatTopPerKm2 / 2)}</span>
                <span>{formatRate(heatTopPerKm2)}+</span>
              </p>
              <p className="legend legend__note" data-testid="heat-legend">
                Sightings per km², smoothed over {heat.radius} px; the darkest red is {formatRate(heatTopPerKm2)} per km² or more.
              </p>
            </>
          )}
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

      {toggle('choropleth', 'Shade wards by rate')}
      {on('choropleth') && choropleth && (
        <p className="legend legend__note">
          {shading.unit[0]!.toUpperCase() + shading.unit.slice(1)}, in classes of about equal numbers of wards
          {choropleth.basis === 'area' ? ' (per km² because not every ward has a population loaded)' : ''}:
        </p>
      )}
      {on('choropleth') && (
        <ul className="legend legend__swatches" aria-label={`Ward shading, ${shading.unit}`}>
          {classes.map((label, i) => (
            <li key={label}>
              <span className="swatch swatch--square" style={{ background: CHOROPLETH_COLOURS[i] }} aria-hidden="true" />
              {label}
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

const formatRate = (x: number) => x.toLocaleString('en-GB', { maximumSignificantDigits: 2 });
