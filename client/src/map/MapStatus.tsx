import type { ApiError } from '../api';

interface Props {
  loading: boolean;
  /** Failed requests, by what they were for ("sightings", "heatmap", …). */
  errors: { what: string; error: ApiError; retry: () => void }[];
  /** Nothing matches in view. */
  empty: boolean;
  filtered: boolean;
}

/** Loading, empty and error states over the map's top edge, announced to screen readers. */
export function MapStatus({ loading, errors, empty, filtered }: Props) {
  return (
    <div className="map-status">
      {errors.map(({ what, error, retry }) => (
        <div key={what} className="message message--error map-status__message" role="alert">
          <p>
            <strong>The {what} could not be loaded.</strong> {error.detail}
          </p>
          <button type="button" className="button button--small" onClick={retry}>
            Try again
          </button>
        </div>
      ))}
      <p className="map-status__loading" role="status">
        {loading ? 'Loading…' : ''}
      </p>
      {!loading && empty && errors.length === 0 && (
        <p className="message message--info map-status__message" role="status">
          No sightings match {filtered ? 'these filters' : 'anything'} in this view.{filtered ? ' Widen the filters or move the map.' : ' Move the map.'}
        </p>
      )}
    </div>
  );
}
