import type { AreaFeature } from './api';

interface Props {
  areas: AreaFeature[];
  /** The ward whose statistics are open, if any. */
  selectedId: string | null;
  onPick: (area: { id: string; name: string }) => void;
  drawing: boolean;
  onDraw: () => void;
}

/** Choose a ward, or draw a polygon on the map, to see its statistics beside the map. */
export function AreaPicker({ areas, selectedId, onPick, drawing, onDraw }: Props) {
  const sorted = [...areas].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB'));
  return (
    <section className="panel-section" aria-labelledby="area-heading">
      <h2 id="area-heading">Area statistics</h2>
      <div className="field">
        <label htmlFor="area-pick">Ward</label>
        <select
          id="area-pick"
          value={selectedId ?? ''}
          onChange={(e) => {
            const a = areas.find((x) => x.id === e.target.value);
            if (a) onPick({ id: a.id, name: a.properties.name });
          }}
        >
          <option value="">Choose a ward…</option>
          {sorted.map((a) => (
            <option key={a.id} value={a.id}>
              {a.properties.name}
            </option>
          ))}
        </select>
      </div>
      <p className="field__hint">Or draw your own area: select its corners on the map, then Finish.</p>
      <button type="button" className="button button--small" onClick={onDraw} disabled={drawing}>
        {drawing ? 'Drawing…' : 'Draw an area'}
      </button>
    </section>
  );
}
