import { JOURNEY_LEG_LABELS } from '../../../server/lists';
import { PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { formatDateTime } from '../format';
import { useRemote } from '../useRemote';
import { episode as fetchEpisode, type EpisodeFlowProps, type EpisodeFoundProps, type Journey } from './api';

/** "3 hours", "1 day 4 hours": how long a child was missing, to the hour. */
export function formatDuration(hours: number): string {
  const h = Math.round(hours);
  if (h < 1) return 'under an hour';
  const days = Math.floor(h / 24);
  const rest = h % 24;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [days ? part(days, 'day') : '', rest ? part(rest, 'hour') : ''].filter(Boolean).join(' ');
}

/**
 * A missing episode picked on the map: at once what the map's feature carries (the
 * child's reference, times, duration, for a flow), then where they went missing from and
 * were found, as `GET /api/episodes/:id` tells it.
 */
export function EpisodeSummary({ episode }: { episode: EpisodeFlowProps | EpisodeFoundProps }) {
  const key = `episode:${episode.episodeId}`;
  const r = useRemote(key, (signal) => fetchEpisode(episode.episodeId, signal));
  const full = r.dataKey === key ? r.data : null;
  const flow = 'reportedMissingAt' in episode ? episode : null;
  const reported = full?.reportedMissingAt ?? flow?.reportedMissingAt ?? null;
  const hours = full?.durationHours ?? flow?.durationHours ?? null;
  const found =
    full?.foundTime ??
    ('foundTime' in episode ? episode.foundTime : null) ??
    (reported && hours !== null ? new Date(Date.parse(reported) + hours * 3_600_000).toISOString() : null);
  const sensitive = full?.missingFrom.sensitive ?? flow?.sensitiveOrigin ?? false;
  const from = full?.missingFrom;
  const ref = full?.subjectRef ?? flow?.subjectRef ?? null;
  return (
    <div data-testid="episode-summary">
      <p className="drawer__title">Child {ref ?? '(no reference)'}</p>
      <dl className="record__fields">
        <div>
          <dt>Reported missing</dt>
          <dd>{reported ? formatDateTime(reported) : '—'}</dd>
        </div>
        <div>
          <dt>Found</dt>
          <dd>{found ? formatDateTime(found) : <span className="muted">not yet found</span>}</dd>
        </div>
        <div>
          <dt>Missing for</dt>
          <dd data-testid="episode-duration">{hours !== null ? formatDuration(hours) : <span className="muted">not known</span>}</dd>
        </div>
        {from && (
          <div>
            <dt>Missing from</dt>
            <dd>
              {from.premisesName ?? 'a point (a home address)'}
              {from.premisesCategory ? ` · ${categoryLabel(from.premisesCategory)}` : ''}
            </dd>
          </div>
        )}
        {full?.foundAt && (
          <div>
            <dt>Found at</dt>
            <dd>
              {full.foundAt.lat.toFixed(5)}, {full.foundAt.lon.toFixed(5)}
              {full.foundAt.precisionM ? ` (within ${full.foundAt.precisionM} m)` : ''}
            </dd>
          </div>
        )}
      </dl>
      {sensitive && (
        <p className="field__hint">Went missing from a sensitive site (a children’s home, refuge or home address): shown to analysts only, never drawn for any other role.</p>
      )}
      {r.loading && <p className="loading" role="status">Loading the episode…</p>}
    </div>
  );
}

const categoryLabel = (c: string): string => (PREMISES_CATEGORY_LABELS as Record<string, string>)[c] ?? c;

/** A journey's legs in order, the picked one marked; each leg opens its sighting. */
export function JourneySummary({ journey, seq, onOpenRecord }: { journey: Journey; seq: number | null; onOpenRecord: (id: string) => void }) {
  const legs = [...journey.legs].sort((a, b) => a.seq - b.seq);
  return (
    <div data-testid="journey-summary">
      <p className="drawer__title">{journey.title}</p>
      <ol className="journey-legs">
        {legs.map((l) => (
          <li key={l.seq} className={l.seq === seq ? 'journey-leg journey-leg--picked' : 'journey-leg'} aria-current={l.seq === seq ? 'step' : undefined}>
            <span className="journey-leg__number" aria-hidden="true">
              {l.seq}
            </span>
            <span className="journey-leg__text">
              <strong>
                <span className="visually-hidden">Leg {l.seq}: </span>
                {JOURNEY_LEG_LABELS[l.kind] ?? l.kind}
              </strong>
              <span className="journey-leg__meta">
                {formatDateTime(l.observedAt)}
                {l.premisesName ? ` · ${l.premisesName}` : ''}
                {l.premisesCategory ? ` (${categoryLabel(l.premisesCategory)})` : ''}
                {l.plate ? ` · vehicle ${l.plate}` : ''}
              </span>
              <button type="button" className="link-button" onClick={() => onOpenRecord(l.sightingId)}>
                Open the sighting
              </button>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
