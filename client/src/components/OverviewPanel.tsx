import { useEffect, useState } from 'react';
import { ApiError, isPurposeRequired, isUnauthenticated, sightings, type SightingCollection } from '../api';
import type { Role } from '../../../server/lists';
import { daysBefore, formatCount, formatDate } from '../format';
import { EVENING_AND_NIGHT } from '../../../server/geo/hourWindow';
import { ErrorMessage } from './ErrorMessage';
import { RecentSightings } from './RecentSightings';
import { Stat } from './Stat';
import { useFocusOnMount } from './useFocusOnMount';

/** The period the overview covers, in days back from now. */
const PERIOD_DAYS = 28;
/** "Evening and night" in the team's time zone, the map preset's window (end hour exclusive). */
const EVENING_HOURS = `${EVENING_AND_NIGHT.hours.start}-${EVENING_AND_NIGHT.hours.end}`;
const EVENING_WORDS = `${EVENING_AND_NIGHT.label} (${String(EVENING_AND_NIGHT.hours.start).padStart(2, '0')}:00–${String(EVENING_AND_NIGHT.hours.end).padStart(2, '0')}:00)`;
const RECENT_ROWS = 10;

interface Props {
  role: Role;
  /** A 401 (session ended) or 428 (purpose needed) that the app, not this panel, must handle. */
  onSessionProblem: (err: ApiError) => void;
}

interface Figures {
  recent: SightingCollection;
  evening: SightingCollection;
}

/**
 * Headline figures for roles that read records: sightings in the last 28 days,
 * those in the evening and night, and the ten most recent.
 */
export function OverviewPanel({ role, onSessionProblem }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [since] = useState(() => daysBefore(new Date(), PERIOD_DAYS));
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    const from = since.toISOString();
    setError(null);
    // The ten most recent also carry the total (numberMatched), so two requests cover three figures.
    Promise.all([
      sightings({ from, limit: RECENT_ROWS }, abort.signal),
      sightings({ from, hours: EVENING_HOURS, limit: 1 }, abort.signal),
    ]).then(
      ([recent, evening]) => setFigures({ recent, evening }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (isUnauthenticated(err) || isPurposeRequired(err)) return onSessionProblem(err);
        setError(err instanceof ApiError ? err : new ApiError(0, 'Could not load the overview', String(err)));
      },
    );
    return () => abort.abort();
  }, [since, attempt, onSessionProblem]);

  const total = figures?.recent.numberMatched;
  const evening = figures?.evening.numberMatched;
  const share = total && evening !== undefined ? Math.round((100 * evening) / total) : undefined;

  return (
    <section className="panel" aria-labelledby="overview-heading">
      <h1 id="overview-heading" tabIndex={-1} ref={heading}>
        Overview
      </h1>
      <p className="panel__lede">
        Sightings observed since {formatDate(since)}, the last {PERIOD_DAYS} days.
        {role === 'licensing' &&
          ' The licensing role sees the sightings linked to a premises or vehicle whose handling code permits sharing (P).'}
      </p>
      {error ? (
        <ErrorMessage error={error}>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </ErrorMessage>
      ) : (
        <>
          <div className="stats">
            <Stat label={`Sightings in the last ${PERIOD_DAYS} days`} value={total === undefined ? undefined : formatCount(total)} />
            <Stat
              label={EVENING_WORDS}
              value={evening === undefined ? undefined : formatCount(evening)}
              note={share === undefined ? undefined : `${share}% of the sightings in the period`}
            />
          </div>
          {figures ? (
            <RecentSightings features={figures.recent.features} caption="Most recent sightings" />
          ) : (
            <p className="loading" role="status">
              Loading the most recent sightings…
            </p>
          )}
        </>
      )}
    </section>
  );
}
