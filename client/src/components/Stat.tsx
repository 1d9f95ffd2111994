import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The figure; `undefined` while loading. */
  value: string | undefined;
  note?: ReactNode;
}

/** One headline figure, named by its label (a region a screen reader can jump to). */
export function Stat({ label, value, note }: Props) {
  const id = useId();
  return (
    <section className="stat" aria-labelledby={id} aria-busy={value === undefined}>
      <h2 id={id} className="stat__label">
        {label}
      </h2>
      <p className="stat__value">{value ?? '…'}</p>
      {note && <p className="stat__note">{note}</p>}
    </section>
  );
}
