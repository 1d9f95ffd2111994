import { formatCount } from '../format';
import type { Count } from './api';

interface Props {
  total: Count | null;
  loading: boolean;
  /** The request the figure answers, for tests and the benchmark to wait on. */
  queryKey: string | null;
  restricted: boolean;
  /** Said under the figure, e.g. the playback frame. */
  note?: string | undefined;
}

/** How many sightings match the filters inside the map's view (`total` of /api/map/clusters). */
export function VisibleCount({ total, loading, queryKey, restricted, note }: Props) {
  return (
    <section className="count-card" aria-labelledby="count-heading" aria-busy={loading}>
      <h2 id="count-heading" className="count-card__label">
        Sightings in view
      </h2>
      <p className="count-card__figure">
        <output data-testid="visible-count" data-state={loading || total === null ? 'loading' : 'ready'} data-query={queryKey ?? ''} aria-live="polite">
          {total === null ? '…' : typeof total === 'number' ? formatCount(total) : total}
        </output>
      </p>
      <p className="count-card__note">
        {note ?? 'matching the filters, inside the map’s view'}
        {restricted && ' · grid squares of at least 250 m; counts under 5 shown as “<5”'}
      </p>
    </section>
  );
}
