import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { EVENING_AND_NIGHT } from '../../../server/geo/hourWindow';
import { formatCount } from '../format';
import { ErrorMessage } from './ErrorMessage';
import { Stat } from './Stat';
import { useFocusOnMount } from './useFocusOnMount';
import './overview.css';

/** The period an overview covers, in days back from now. */
export const PERIOD_DAYS = 28;
/** "Evening and night" in the team's time zone, the map preset's window (end hour exclusive). */
export const EVENING_HOURS = `${EVENING_AND_NIGHT.hours.start}-${EVENING_AND_NIGHT.hours.end}`;
const EVENING_WORDS = `${EVENING_AND_NIGHT.label} (${String(EVENING_AND_NIGHT.hours.start).padStart(2, '0')}:00–${String(EVENING_AND_NIGHT.hours.end).padStart(2, '0')}:00)`;

interface Props {
  lede: ReactNode;
  error: ApiError | null;
  onRetry: () => void;
  /** Sightings in the period, and those in the evening and night; undefined while loading, a string when withheld ("<5"). */
  total: number | string | undefined;
  evening: number | string | undefined;
  totalNote?: string | undefined;
  /** What follows the two headline figures. */
  children: ReactNode;
}

/** The overview both kinds of role see: heading, what it covers, the two headline figures, then the rest. */
export function OverviewFrame({ lede, error, onRetry, total, evening, totalNote, children }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const share = typeof total === 'number' && total > 0 && typeof evening === 'number' ? Math.round((100 * evening) / total) : undefined;
  return (
    <section className="panel" aria-labelledby="overview-heading">
      <h1 id="overview-heading" tabIndex={-1} ref={heading}>
        Overview
      </h1>
      <p className="panel__lede">{lede}</p>
      {error ? (
        <ErrorMessage error={error} onRetry={onRetry} />
      ) : (
        <>
          <div className="stats">
            <Stat label={`Sightings in the last ${PERIOD_DAYS} days`} value={total === undefined ? undefined : formatCount(total)} note={totalNote} />
            <Stat
              label={EVENING_WORDS}
              value={evening === undefined ? undefined : formatCount(evening)}
              note={share === undefined ? undefined : `${share}% of the sightings in the period`}
            />
          </div>
          {children}
        </>
      )}
    </section>
  );
}
