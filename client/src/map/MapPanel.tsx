import type { ReactNode } from 'react';
import { GROOMING_MODELS, MAKESAFE_CODES, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../../../server/lists';
import { AGENCY_LABELS, CATEGORY_LABELS, INDICATOR_LABELS, MODEL_LABELS } from '../../../server/labels';
import type { AreaFeature, Choropleth, Count, Timeline } from './api';
import { AreaPicker } from './AreaPicker';
import { ChoiceList } from './ChoiceList';
import { DateRange } from './DateRange';
import { NO_FILTERS, isFiltered, toggleValue, type Filters, type ListFilter } from './filterState';
import { HourRange } from './HourRange';
import { LayerPanel, type PeopleLegend } from './LayerPanel';
import { CATEGORY_COLOURS } from './palette';
import { PlaybackControls, frameLabel } from './PlaybackControls';
import type { Playback } from './usePlayback';
import type { Remote } from '../useRemote';
import type { LayerId, MapUrlState } from './urlState';
import { VisibleCount } from './VisibleCount';
import { WeekdayToggles } from './WeekdayToggles';
import { describeWhen } from '../../../server/geo/hourWindow';

interface Props {
  state: MapUrlState;
  update: (fn: (s: MapUrlState) => MapUrlState) => void;
  setFilters: (fn: (f: Filters) => Filters) => void;
  /** What the arriving link got wrong (left out). */
  linkProblems: string[];
  styleProblem: string | undefined;
  total: Count | null;
  countLoading: boolean;
  countKey: string | null;
  restricted: boolean;
  timeline: Remote<Timeline>;
  playback: Playback;
  choropleth: Choropleth | null;
  /** Sightings per km² at the top of the heat ramp, when the heatmap is drawn */
  heatTopPerKm2: number | null;
  areas: AreaFeature[];
  selectedAreaId: string | null;
  onPickArea: (a: { id: string; name: string }) => void;
  drawing: boolean;
  onDraw: () => void;
  hotspotLegends?: { hotspots: ReactNode; emerging: ReactNode };
  /** Layers this role may not have (planners: premises), left out of the layer list. */
  hiddenLayers?: readonly LayerId[];
  /** What the missing episodes and journeys layers hold, for their legends (subject readers only). */
  people?: PeopleLegend;
}

/** The side panel: the count, the filters (when, what), layers with their legend, and area statistics. */
export function MapPanel(p: Props) {
  const f = p.state.filters;
  const list = <K extends ListFilter>(key: K) => ({
    chosen: f[key] as readonly Filters[K][number][],
    onToggle: (v: Filters[K][number], on: boolean) => p.setFilters((x) => toggleValue(x, key, v, on)),
    onClear: () => p.setFilters((x) => ({ ...x, [key]: [] })),
  });
  return (
    <div className="map-panel">
      <h1 className="visually-hidden">Map</h1>
      {p.linkProblems.length > 0 && (
        <div className="message message--info" role="status">
          <p>Parts of the link were not understood and were left out:</p>
          <ul className="plain-list">
            {p.linkProblems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {p.styleProblem && <p className="message message--info">{p.styleProblem}</p>}

      <VisibleCount
        total={p.total}
        loading={p.countLoading}
        queryKey={p.countKey}
        restricted={p.restricted}
        note={p.playback.frame ? `in ${frameLabel(p.playback)}, inside the map’s view` : undefined}
      />
      <button type="button" className="link-button" onClick={() => p.setFilters(() => NO_FILTERS)} disabled={!isFiltered(f)}>
        Clear all filters
      </button>

      <section className="panel-section" aria-labelledby="when-heading">
        <h2 id="when-heading">When</h2>
        <DateRange from={f.from} to={f.to} timeline={p.timeline} frame={p.playback.frame} onChange={(from, to) => p.setFilters((x) => ({ ...x, from, to }))} />
        <PlaybackControls playback={p.playback} />
        <HourRange hours={f.hours} onChange={(hours) => p.setFilters((x) => ({ ...x, hours }))} />
        <WeekdayToggles days={f.days} {...list('days')} onToggle={list('days').onToggle} />
        {/* A window across midnight makes a weekday the night that starts on it: said in words, as the server counts it. */}
        <p className="field__hint" data-testid="when-in-words">{describeWhen(f.days, f.hours ?? undefined)}</p>
      </section>

      <section className="panel-section" aria-labelledby="what-heading">
        <h2 id="what-heading">What</h2>
        <ChoiceList title="Categories" options={SIGHTING_CATEGORIES} labels={CATEGORY_LABELS} swatches={CATEGORY_COLOURS} {...list('category')} />
        <ChoiceList title="Grooming models" options={GROOMING_MODELS} labels={MODEL_LABELS} {...list('model')} />
        <ChoiceList title="Source agencies" options={SOURCE_AGENCIES} labels={AGENCY_LABELS} {...list('agency')} />
        <ChoiceList title="Makesafe indicators" options={MAKESAFE_CODES} labels={INDICATOR_LABELS} {...list('indicator')} />
      </section>

      <LayerPanel
        layers={p.state.layers}
        onToggle={(id, on) => p.update((s) => ({ ...s, layers: on ? [...s.layers, id] : s.layers.filter((l) => l !== id) }))}
        heat={p.state.heat}
        onHeat={(heat) => p.update((s) => ({ ...s, heat }))}
        restricted={p.restricted}
        choropleth={p.choropleth}
        heatTopPerKm2={p.heatTopPerKm2}
        hotspotLegends={p.hotspotLegends}
        hidden={p.hiddenLayers}
        people={p.people}
      />

      <AreaPicker areas={p.areas} selectedId={p.selectedAreaId} onPick={p.onPickArea} drawing={p.drawing} onDraw={p.onDraw} />
    </div>
  );
}
