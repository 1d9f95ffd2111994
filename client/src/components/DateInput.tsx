import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { formatDateTimeInput, formatDayInput, parseDateTimeInput, parseDayInput } from '../format';
import './DateInput.css';

type Kind = 'day' | 'datetime';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> {
  /** `YYYY-MM-DD` (day) or `YYYY-MM-DDTHH:MM` (datetime); '' when empty */
  value: string;
  onChange: (value: string) => void;
  kind?: Kind;
  min?: string;
  max?: string;
}

const FORMATS = {
  day: { parse: parseDayInput, format: formatDayInput, placeholder: 'dd/mm/yyyy', native: 'date', hint: 'day/month/year, e.g. 31/12/2026' },
  datetime: { parse: parseDateTimeInput, format: formatDateTimeInput, placeholder: 'dd/mm/yyyy hh:mm', native: 'datetime-local', hint: 'day/month/year and a 24-hour time, e.g. 31/12/2026 22:30' },
} as const;

/**
 * A date (or date and time) box that reads and shows day/month/year, as the team writes
 * dates, whatever the browser's locale (a native date box follows the browser's, so an
 * en-US Chrome shows mm/dd/yyyy). The calendar button opens the browser's own picker,
 * bounded by `min` and `max`; what is typed is taken as typed (the caller orders a range).
 */
export function DateInput({ value, onChange, kind = 'day', min, max, className, ...rest }: Props) {
  const f = FORMATS[kind];
  const [text, setText] = useState(() => f.format(value));
  const [bad, setBad] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  // Follow changes made elsewhere (a "clear" button, the back button), not the box's own typing.
  useEffect(() => {
    if (f.parse(text) !== value) {
      setText(f.format(value));
      setBad(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const take = (typed: string, final: boolean) => {
    setText(typed);
    const v = f.parse(typed);
    if (v !== null) {
      setBad(false);
      if (v !== value) onChange(v);
      if (final) setText(f.format(v));
    } else if (final) setBad(true);
  };

  return (
    <span className={`date-input${className ? ` ${className}` : ''}`}>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={f.placeholder}
        value={text}
        aria-invalid={bad || rest['aria-invalid'] || undefined}
        title={bad ? `Use ${f.hint}` : rest.title}
        onChange={(e) => take(e.target.value, false)}
        onBlur={(e) => take(e.target.value, true)}
        onKeyDown={(e) => e.key === 'Enter' && take(e.currentTarget.value, true)}
      />
      <button type="button" className="date-input__pick" aria-label="Choose from a calendar" onClick={() => picker.current?.showPicker?.()}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" />
        </svg>
      </button>
      <input
        ref={picker}
        className="date-input__native"
        type={f.native}
        tabIndex={-1}
        aria-hidden="true"
        value={value}
        min={min}
        max={max}
        onChange={(e) => take(f.format(e.target.value), true)}
      />
    </span>
  );
}
