import type { Remote } from '../useRemote';
import type { Timeline } from './api';
import { DateInput } from '../components/DateInput';
import { Histogram } from './Histogram';
import type { DayRange } from './playback';

interface Props {
  from: string | null;
  to: string | null;
  timeline: Remote<Timeline>;
  frame: DayRange | null;
  onChange: (from: string | null, to: string | null) => void;
}

/** First and last day (inclusive), with the counts over time beneath to choose from. */
export function DateRange({ from, to, timeline, frame, onChange }: Props) {
  const t = timeline.data;
  const first = t?.buckets[0]?.start;
  return (
    <fieldset className="control-group">
      <legend>Dates</legend>
      <div className="date-range">
        <div className="field field--inline">
          <label htmlFor="filter-from">
            From<span className="visually-hidden"> date</span>
          </label>
          <DateInput
            id="filter-from"
            value={from ?? ''}
            min={first}
            max={to ?? undefined}
            onChange={(value) => {
              const v = value || null;
              onChange(v, v && to && v > to ? v : to);
            }}
          />
        </div>
        <div className="field field--inline">
          <label htmlFor="filter-to">
            To<span className="visually-hidden"> date</span>
          </label>
          <DateInput
            id="filter-to"
            value={to ?? ''}
            min={from ?? first}
            onChange={(value) => {
              const v = value || null;
              onChange(v && from && v < from ? v : from, v);
            }}
          />
        </div>
        <button type="button" className="button button--small" onClick={() => onChange(null, null)} disabled={!from && !to}>
          All dates
        </button>
      </div>
      {timeline.error ? (
        <p className="field__error">Counts over time could not be loaded: {timeline.error.detail}</p>
      ) : t ? (
        <Histogram buckets={t.buckets} interval={t.interval} selection={{ from, to }} frame={frame} onSelect={(r) => onChange(r.from, r.to)} />
      ) : (
        <p className="loading histogram__empty">Loading counts over time…</p>
      )}
    </fieldset>
  );
}
