import type { Remote } from '../useRemote';

/** A search's matches as a list of radio buttons, with its searching, failure and no-match lines. */
export function PickList<T extends { id: string; label: string }>({ results, name, picked, onPick, className, label }: {
  results: Remote<T[]>;
  /** The radio group's name (unique on the page). */
  name: string;
  picked: { id: string } | null;
  onPick: (match: T) => void;
  className: string;
  /** The list's accessible name. */
  label: string;
}) {
  return (
    <ul className={className} aria-label={label}>
      {results.loading && <li className="muted">Searching…</li>}
      {results.error && <li className="field__error">{results.error.detail}</li>}
      {results.data?.length === 0 && <li className="muted">Nothing matches.</li>}
      {results.data?.map((r) => (
        <li key={r.id}>
          <label>
            <input type="radio" name={name} checked={picked?.id === r.id} onChange={() => onPick(r)} /> {r.label}
          </label>
        </li>
      ))}
    </ul>
  );
}
