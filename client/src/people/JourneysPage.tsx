import { useState } from 'react';
import { JOURNEY_LEG_LABELS, type PremisesCategory } from '../../../server/lists';
import { PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { DateInput } from '../components/DateInput';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { EmptyRow, TableHead } from '../components/Table';
import { formatCount, formatDateTime } from '../format';
import { formatMapUrl, DEFAULT_STATE, type LayerId } from '../map/urlState';
import { hrefOf } from '../route';
import { useRemote } from '../useRemote';
import { journeyOd, listJourneys, type Journey, type OdGrouping, type Period } from './api';
import './people.css';

/** The layers a journey's map link turns on: the legs drawn over the premises they lead to. */
const JOURNEY_LAYERS: LayerId[] = ['areas', 'premises', 'journeys'];

/** The map's address showing a journey: its layer on, centred on its legs, the period its legs fall in. */
export function journeyMapSearch(j: Journey): string {
  const lats = j.legs.map((l) => l.lat);
  const lons = j.legs.map((l) => l.lon);
  const days = j.legs.map((l) => l.observedAt.slice(0, 10)).sort();
  const position = lats.length
    ? { zoom: 15, lat: (Math.min(...lats) + Math.max(...lats)) / 2, lon: (Math.min(...lons) + Math.max(...lons)) / 2 }
    : null;
  return formatMapUrl({
    ...DEFAULT_STATE,
    filters: { ...DEFAULT_STATE.filters, from: days[0] ?? null, to: days[days.length - 1] ?? null },
    layers: JOURNEY_LAYERS,
    position,
  });
}

const placeOf = (by: OdGrouping, name: string | null): string => {
  if (name === null) return by === 'ward' ? 'Outside the wards' : 'A place, no premises';
  return by === 'category' ? (PREMISES_CATEGORY_LABELS[name as PremisesCategory] ?? name) : name;
};

/**
 * `/journeys`: journeys as ordered legs (approached, picked up, taken to, dropped off),
 * and where pick-ups lead: an origin–destination table by premises category or ward.
 * Analysts and admins only; every read is audited with the session's purpose.
 */
export function JourneysPage() {
  const [period, setPeriod] = useState<Period>({});
  const [by, setBy] = useState<OdGrouping>('category');
  const key = `${period.from ?? ''}:${period.to ?? ''}`;
  const journeys = useRemote(`journeys:${key}`, (s) => listJourneys(period, s));
  const od = useRemote(`journeys-od:${by}:${key}`, (s) => journeyOd(by, period, s));
  const rows = od.data ? [...od.data.rows].sort((a, b) => b.count - a.count || placeOf(by, a.from).localeCompare(placeOf(by, b.from))) : undefined;

  return (
    <div className="people journeys">
      <h1>Journeys</h1>
      <p className="panel__lede">Sightings grouped as the legs of one event, and where pick-ups lead. Every view is audited with your purpose.</p>
      <form className="journeys__period" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <Field id="journeys-from" label="From" className="field--inline">
          {(a) => <DateInput {...a} value={period.from ?? ''} onChange={(v) => setPeriod((p) => ({ ...p, from: v || undefined }))} />}
        </Field>
        <Field id="journeys-to" label="To" className="field--inline">
          {(a) => <DateInput {...a} value={period.to ?? ''} onChange={(v) => setPeriod((p) => ({ ...p, to: v || undefined }))} />}
        </Field>
      </form>

      <section className="panel" aria-labelledby="od-heading">
        <div className="journeys__od-head">
          <h2 id="od-heading">Where pick-ups lead</h2>
          <div role="radiogroup" aria-label="Count destinations by" className="journeys__toggle">
            {(['category', 'ward'] as const).map((g) => (
              <label key={g}>
                <input type="radio" name="od-by" value={g} checked={by === g} onChange={() => setBy(g)} /> {g === 'category' ? 'By premises category' : 'By ward'}
              </label>
            ))}
          </div>
        </div>
        {od.error && <ErrorMessage error={od.error} onRetry={od.retry} />}
        <div className="table-wrap">
          <table className="table" data-testid="journey-od" data-by={by} data-state={od.loading || od.data?.by !== by ? 'loading' : 'ready'}>
            <caption className="visually-hidden">Pick-ups by ward, to where the next leg went</caption>
            <TableHead columns={['Picked up in (ward)', by === 'category' ? 'Taken to (premises category)' : 'Taken to (ward)', 'Journeys']} />
            <tbody>
              {rows?.length === 0 && <EmptyRow cols={3}>No pick-up leads anywhere in this period.</EmptyRow>}
              {rows?.map((r) => (
                <tr key={`${r.fromId ?? ''}>${r.toId ?? r.to ?? ''}`} data-from={r.from ?? ''} data-to={r.to ?? ''} data-count={r.count}>
                  <td>{placeOf('ward', r.from)}</td>
                  <td>{placeOf(by, r.to)}</td>
                  <td className="num">{formatCount(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="journeys-heading">
        <h2 id="journeys-heading">Journeys</h2>
        {journeys.error && <ErrorMessage error={journeys.error} onRetry={journeys.retry} />}
        {journeys.loading && !journeys.data && <p className="loading" role="status">Loading journeys…</p>}
        {journeys.data?.items.length === 0 && <p>No journeys in this period.</p>}
        {journeys.data?.truncated && <p className="muted">Only the latest journeys are shown: narrow the period to see the rest.</p>}
        <ul className="journeys__list" data-testid="journeys" data-state={journeys.loading ? 'loading' : 'ready'}>
          {journeys.data?.items.map((j) => {
            const search = journeyMapSearch(j);
            return (
              <li key={j.id} className="journey" data-testid="journey" data-id={j.id}>
                <div className="journey__head">
                  <h3>{j.title}</h3>
                  {/* A plain link: the map reads its view from the address when it opens (the router's 'map' restores the last view instead). */}
                  <a href={`${hrefOf('map')}${search}`}>
                    Show on the map
                  </a>
                </div>
                <ol className="journey__legs" aria-label={`Legs of ${j.title}`}>
                  {j.legs.map((l) => (
                    <li key={l.seq} data-testid="journey-leg" data-kind={l.kind}>
                      {/* Numbered as the map numbers the legs. */}
                      <span className="journey__kind">
                        {l.seq}. {JOURNEY_LEG_LABELS[l.kind]}
                      </span>
                      <time dateTime={l.observedAt}>{formatDateTime(l.observedAt)}</time>
                      <span className="journey__where">{l.premisesName ?? l.plate ?? `${l.lat.toFixed(4)}, ${l.lon.toFixed(4)}`}</span>
                      {l.premisesName && l.plate && <span className="journey__plate">{l.plate}</span>}
                    </li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
