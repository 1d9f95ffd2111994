import { useState } from 'react';
import { sightings } from '../api';
import { recordScope } from '../../../server/auth/policy';
import type { Role } from '../../../server/lists';
import { daysBefore, formatDate } from '../format';
import { useRemote } from '../useRemote';
import { EVENING_HOURS, OverviewFrame, PERIOD_DAYS } from './OverviewFrame';
import { RecentSightings } from './RecentSightings';

const RECENT_ROWS = 10;

interface Props {
  role: Role;
}

/**
 * Headline figures for roles that read records: sightings in the last 28 days,
 * those in the evening and night, and the ten most recent.
 */
export function OverviewPanel({ role }: Props) {
  const [since] = useState(() => daysBefore(new Date(), PERIOD_DAYS));
  const from = since.toISOString();
  // The ten most recent also carry the total (numberMatched), so two requests cover three figures.
  const { data: figures, error, retry } = useRemote(`overview:${from}`, (signal) =>
    Promise.all([sightings({ from, limit: RECENT_ROWS }, signal), sightings({ from, hours: EVENING_HOURS, limit: 1 }, signal)]).then(
      ([recent, evening]) => ({ recent, evening }),
    ),
  );

  return (
    <OverviewFrame
      lede={
        <>
          Sightings observed since {formatDate(since)}, the last {PERIOD_DAYS} days.
          {recordScope(role) === 'licensing' &&
            ' The licensing role sees the sightings linked to a premises or vehicle whose handling code permits sharing (P).'}
        </>
      }
      error={error}
      onRetry={retry}
      total={figures?.recent.numberMatched}
      evening={figures?.evening.numberMatched}
    >
      {figures ? (
        <RecentSightings features={figures.recent.features} caption="Most recent sightings" />
      ) : (
        <p className="loading" role="status">
          Loading the most recent sightings…
        </p>
      )}
    </OverviewFrame>
  );
}
