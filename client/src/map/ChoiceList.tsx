import { useId } from 'react';

interface Props<T extends string> {
  title: string;
  options: readonly T[];
  labels: Record<T, string>;
  /** Ticked values; none ticked means any. */
  chosen: readonly T[];
  onToggle: (value: T, on: boolean) => void;
  onClear: () => void;
  /** A colour swatch beside each option (doubles as the legend). */
  swatches?: Record<T, string>;
}

/** A folding list of checkboxes for one filter; none ticked means any. */
export function ChoiceList<T extends string>({ title, options, labels, chosen, onToggle, onClear, swatches }: Props<T>) {
  const id = useId();
  return (
    <details className="choice-list">
      <summary>
        {title} <span className="choice-list__summary">{chosen.length ? `${chosen.length} of ${options.length}` : 'any'}</span>
      </summary>
      <fieldset className="choice-list__options">
        <legend className="visually-hidden">{title}</legend>
        {options.map((o) => (
          <div className="check" key={o}>
            <input id={`${id}-${o}`} type="checkbox" checked={chosen.includes(o)} onChange={(e) => onToggle(o, e.target.checked)} />
            <label htmlFor={`${id}-${o}`}>
              {swatches && <span className="swatch" style={{ background: swatches[o] }} aria-hidden="true" />}
              {labels[o]}
            </label>
          </div>
        ))}
        <button type="button" className="link-button" onClick={onClear} disabled={!chosen.length}>
          Clear ({title.toLowerCase()}: any)
        </button>
      </fieldset>
    </details>
  );
}
