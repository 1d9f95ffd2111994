import { useState } from 'react';
import { choropleth, timeline, type Choropleth } from '../map/api';
import type { Published } from '../../../server/disclosure/secondary';
import { daysBefore, formatCount, formatDate } from '../format';
import { useRemote } from '../useRemote';
import { EVENING_HOURS, OverviewFrame, PERIOD_DAYS } from './OverviewFrame';

const TOP_WARDS = 5;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** "up 20 %" from two published counts; null when either is hidden or the earlier is 0. */
function change(now: Published, before: Published): string | null {
  if (typeof now !== 'number' || typeof before !== 'number' || before === 0) return null;
  const pct = Math.round((100 * (now - before)) / before);
  return pct === 0 ? 'no change' : `${pct > 0 ? 'up' : 'down'} ${Math.abs(pct)} %`;
}

/**
 * The planner's overview: the same headline figures as other roles, from the aggregate
 * endpoints, so every count is disclosure-controlled ("<5", bands of 5), and the wards
 * with the most sightings for their size. No record is asked for.
 */
export function PlannerOverview() {
  const [today] = useState(() => new Date());
  const since = daysBefore(today, PERIOD_DAYS);
  const before = daysBefore(today, 2 * PERIOD_DAYS);
  const period = { from: day(since), to: day(daysBefore(today, 1)) };
  const { data: figures, error, retry } = useRemote(`planner-overview:${period.from}`, (signal) =>
    Promise.all([
      timeline(period, signal),
      timeline({ from: day(before), to: day(daysBefore(since, 1)) }, signal),
      timeline({ ...period, hours: EVENING_HOURS }, signal),
      choropleth(period, signal),
    ]).then(([current, previous, evening, wards]) => ({ current, previous, evening, wards })),
  );

  const trend = figures ? change(figures.current.total, figures.previous.total) : null;
  const wards = figures ? busiestWards(figures.wards) : [];
  const unit = figures?.wards.basis === 'population' ? 'per 1,000 residents' : 'per km²';

  return (
    <OverviewFrame
      lede={
        <>
          Sightings observed from {formatDate(since)}, the last {PERIOD_DAYS} whole days. The community safety planner role works
          with aggregated figures only: individual sighting records are not available to it, a count from 1 to 4 reads “&lt;5”,
          and other counts are rounded to 5.
        </>
      }
      error={error}
      onRetry={retry}
      total={figures?.current.total}
      evening={figures?.evening.total}
      totalNote={figures ? `${formatCount(figures.previous.total)} in the ${PERIOD_DAYS} days before${trend ? `: ${trend}` : ''}` : undefined}
    >
      <section className="overview-wards" aria-labelledby="busiest-wards">
        <h2 id="busiest-wards">Wards with the most sightings {unit}</h2>
        {!figures ? (
          <p className="loading" role="status">
            Loading the wards…
          </p>
        ) : wards.length === 0 ? (
          <p>No ward has a count that may be shown for this period.</p>
        ) : (
          <ol>
            {wards.map((w) => (
              <li key={w.id}>
                {w.name}: {formatCount(w.count)} sightings ({w.rate.toLocaleString('en-GB', { maximumFractionDigits: 1 })} {unit})
              </li>
            ))}
          </ol>
        )}
      </section>
    </OverviewFrame>
  );
}

/** The wards with a shown count, highest rate first. */
function busiestWards(c: Choropleth) {
  const rateOf = (a: Choropleth['areas'][number]) => (c.basis === 'population' ? a.perThousand : a.perKm2);
  return c.areas
    .flatMap((a) => {
      const rate = rateOf(a);
      return typeof a.count === 'number' && a.count > 0 && rate !== null ? [{ id: a.id, name: a.name, count: a.count, rate }] : [];
    })
    .sort((x, y) => y.rate - x.rate)
    .slice(0, TOP_WARDS);
}
