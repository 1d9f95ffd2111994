import { WEEKDAYS, type Weekday } from '../../../server/lists';
import { WEEKDAY_LABELS, WEEKDAY_SHORT } from '../../../server/labels';

interface Props {
  /** The chosen days; empty means every day. */
  days: Weekday[];
  onToggle: (day: Weekday, on: boolean) => void;
  onClear: () => void;
}

/** Seven toggle buttons; none pressed is every day. */
export function WeekdayToggles({ days, onToggle, onClear }: Props) {
  return (
    <fieldset className="control-group">
      <legend>Days of the week</legend>
      <div className="weekday-toggles">
        {WEEKDAYS.map((d) => (
          <button
            key={d}
            type="button"
            className="toggle"
            aria-pressed={days.includes(d)}
            aria-label={WEEKDAY_LABELS[d]}
            onClick={() => onToggle(d, !days.includes(d))}
          >
            {WEEKDAY_SHORT[d]}
          </button>
        ))}
      </div>
      <p className="field__hint">
        {days.length ? days.map((d) => WEEKDAY_SHORT[d]).join(', ') : 'Every day'}
        {days.length > 0 && (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={onClear}>
              every day
            </button>
          </>
        )}
      </p>
    </fieldset>
  );
}
