import { describeHours, hoursOf, HOUR_PRESETS, type HourWindow as Hours } from '../../../server/geo/hourWindow';

interface Props {
  hours: Hours | null;
  onChange: (h: Hours | null) => void;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;
const PRESETS: readonly { label: string; hours: Hours }[] = HOUR_PRESETS;

/**
 * An hour-of-day window in the team's time zone: start hour and end hour (not
 * included). An end earlier than the start wraps past midnight, as the strip shows.
 */
export function HourRange({ hours, onChange }: Props) {
  const on = new Set(hours ? hoursOf(hours) : HOURS);
  const setStart = (v: string) => {
    if (v === '') return onChange(null);
    const start = Number(v);
    const end = hours?.end ?? ((start + 4) % 24 || 24);
    onChange(start === end % 24 ? null : { start, end });
  };
  const setEnd = (v: string) => {
    const end = Number(v);
    const start = hours?.start ?? 0;
    onChange(start === end % 24 ? null : { start, end });
  };
  return (
    <fieldset className="control-group">
      <legend>Time of day</legend>
      <div className="hour-range">
        <div className="field field--inline">
          <label htmlFor="hours-start">
            From<span className="visually-hidden"> hour</span>
          </label>
          <select id="hours-start" value={hours ? String(hours.start) : ''} onChange={(e) => setStart(e.target.value)}>
            <option value="">Any time</option>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {clock(h)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="hours-end">
            Until<span className="visually-hidden"> hour</span>
          </label>
          <select id="hours-end" value={hours ? String(hours.end) : ''} disabled={!hours} onChange={(e) => setEnd(e.target.value)}>
            {!hours && <option value="">–</option>}
            {HOURS.map((h) => h + 1).map((h) => (
              <option key={h} value={h} disabled={hours?.start === h % 24}>
                {clock(h === 24 ? 24 : h)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="hour-strip" aria-hidden="true">
        {HOURS.map((h) => (
          <span key={h} className={on.has(h) ? 'hour-strip__hour hour-strip__hour--on' : 'hour-strip__hour'} title={clock(h)} />
        ))}
      </div>
      <p className="field__hint">
        {hours ? `${describeHours(hours)}${hours.end <= hours.start ? ', across midnight' : ''}` : 'All hours'}
        {' · '}
        {PRESETS.map((p, i) => (
          <span key={p.label}>
            {i > 0 && ', '}
            <button type="button" className="link-button" onClick={() => onChange(p.hours)}>
              {p.label} ({describeHours(p.hours)})
            </button>
          </span>
        ))}
      </p>
    </fieldset>
  );
}
