import { useMemo, type ReactNode } from 'react';
import { PREMISES_CATEGORIES, SIGHTING_CATEGORIES } from '../../../server/lists';
import { CATEGORY_LABELS, PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { formatDate } from '../format';
import type { Choropleth, EpisodeFlowProps, Journey } from './api';
import { CHOROPLETH_COLOURS, SUPPRESSED_COLOUR, choroplethClasses, rateLabels } from './choropleth';
import { CATEGORY_COLOURS, FLOW_END, FLOW_START, FOUND_AT, HEAT_RAMP, JOURNEY, WARD_LINE } from './palette';
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
  /** Layers not offered to this role (planners: premises; everyone but analysts and admins: episodes, journeys). */
  hidden?: readonly LayerId[];
  people?: PeopleLegend;
}

/** What the missing episodes and journeys layers hold in view (null: not loaded), and how to open one without the map. */
export interface PeopleLegend {
  episodes: number | null;
  found: number | null;
  flows: EpisodeFlowProps[] | null;
  journeys: Journey[] | null;
  onOpenEpisode: (e: EpisodeFlowProps) => void;
  onOpenJourney: (j: Journey) => void;
}

/** Listed under a legend so that a keyboard reaches what the canvas draws; more than this are left to the map. */
const LISTED = 8;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each layer's switch with its legend beneath; the heatmap's controls under its own. */
export function LayerPanel({ layers, onToggle, heat, onHeat, restricted, choropleth, heatTopPerKm2, hotspotLegends, hidden = [], people }: Props) {
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

      {offered('episodes') && toggle('episodes', 'Missing episodes')}
      {offered('episodes') && on('episodes') && (
        <div className="legend" data-testid="episodes-legend">
          <ul className="legend__swatches legend__swatches--rows">
            <li>
              <span className="legend__flow" style={{ background: `linear-gradient(to right, ${FLOW_START}, ${FLOW_END})` }} aria-hidden="true" />
              Missing from (pale) → found at (dark)
            </li>
            <li>
              <span className="legend__flow legend__flow--dashed" style={{ background: FLOW_END }} aria-hidden="true" />
              Dashed: missing from a sensitive site
            </li>
            <li>
              <span className="swatch" style={{ background: FOUND_AT }} aria-hidden="true" />
              Where a child was found
            </li>
          </ul>
          {people?.episodes !== null && people?.episodes !== undefined && (
            <p className="legend__note" data-testid="episodes-count">
              {plural(people.episodes, 'episode')} in view, {plural(people.found ?? 0, 'found-at place')}; select a line for its summary.
            </p>
          )}
          {people?.flows && people.flows.length > 0 && (
            <ul className="legend__picks" aria-label="Missing episodes in view">
              {people.flows.slice(0, LISTED).map((e) => (
                <li key={e.episodeId}>
                  <button type="button" className="link-button" onClick={() => people.onOpenEpisode(e)}>
                    {e.subjectRef ?? 'Child'} · {formatDate(new Date(e.reportedMissingAt))}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {offered('journeys') && toggle('journeys', 'Journeys')}
      {offered('journeys') && on('journeys') && (
        <div className="legend" data-testid="journeys-legend">
          <ul className="legend__swatches legend__swatches--rows">
            <li>
              <span className="legend__journey" style={{ background: JOURNEY }} aria-hidden="true">
                1
              </span>
              Legs numbered in order (approached, picked up, taken to, dropped off), joined by a line
            </li>
          </ul>
          {people?.journeys && (
            <p className="legend__note" data-testid="journeys-count">
              {plural(people.journeys.length, 'journey')} in view{people.journeys.length ? '; select a leg for the journey' : ''}.
            </p>
          )}
          {people?.journeys && people.journeys.length > 0 && (
            <ul className="legend__picks" aria-label="Journeys in view">
              {people.journeys.slice(0, LISTED).map((j) => (
                <li key={j.id}>
                  <button type="button" className="link-button" onClick={() => people.onOpenJourney(j)}>
                    {j.title} ({plural(j.legs.length, 'leg')})
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
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
