import type { MouseEvent } from 'react';
import { type SightingCategory, type PremisesCategory, REPEAT_MISSING_DAYS, REPEAT_MISSING_EPISODES, SUBJECT_KIND_LABELS, SUBJECT_LINK_ROLE_LABELS } from '../../../server/lists';
import { CATEGORY_LABELS, PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { ErrorMessage } from '../components/ErrorMessage';
import { EmptyRow, TableHead } from '../components/Table';
import { formatDate, formatDateTime } from '../format';
import { hrefOf, type Page } from '../route';
import { useRemote } from '../useRemote';
import { formatDuration, getSubject, listEpisodes, type Episode, type SubjectLink } from './api';
import { EpisodeForm } from './EpisodeForm';
import './people.css';

interface Props {
  id: string;
  goTo: (to: Page, sub?: string, search?: string) => void;
}

const LINK_TYPE_LABELS: Record<SubjectLink['type'], string> = {
  sighting: 'Sighting',
  intel: 'Intelligence',
  vehicle: 'Vehicle',
  episode: 'Missing episode',
};

/** Follows a same-app link without a page load; modified clicks open a tab as usual. */
const follow = (go: () => void) => (e: MouseEvent<HTMLAnchorElement>) => {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  go();
};

/** `/people/<id>`: who the subject is, what they are linked to, and their missing episodes. */
export function SubjectPage({ id, goTo }: Props) {
  const subject = useRemote(`subject:${id}`, (s) => getSubject(id, s));
  const episodes = useRemote(`episodes:${id}`, (s) => listEpisodes(id, s));
  const s = subject.data;
  const chartSearch = `?subject=${encodeURIComponent(id)}`;

  return (
    <div className="people">
      <p className="people__back">
        <a href={hrefOf('people')} onClick={follow(() => goTo('people'))}>
          ← All people
        </a>
      </p>
      {subject.error && <ErrorMessage error={subject.error} onRetry={subject.retry} />}
      {!s && !subject.error && (
        <p className="loading" role="status">
          Loading the subject…
        </p>
      )}
      {s && (
        <>
          <div className="people__title">
            <h1>
              {s.ref ?? 'Subject without a reference'}
              {s.displayName && <span className="people__name"> · {s.displayName}</span>}
            </h1>
            {s.repeatMissing && (
              <p className="people-badge people-badge--alert people-badge--large" data-testid="repeat-missing">
                Repeat missing: {s.episodeCount90d} episodes in {REPEAT_MISSING_DAYS} days
              </p>
            )}
          </div>
          <section className="panel people-detail" aria-label="Subject">
            <dl className="people-facts">
              <div>
                <dt>Kind</dt>
                <dd>{SUBJECT_KIND_LABELS[s.kind] ?? s.kind}</dd>
              </div>
              <div>
                <dt>Reference</dt>
                <dd>{s.ref ?? '—'}</dd>
              </div>
              <div className="people-facts__wide">
                <dt>Description</dt>
                <dd>{s.description}</dd>
              </div>
              <div>
                <dt>Display name</dt>
                <dd>{s.displayName ?? '—'}</dd>
              </div>
              <div>
                <dt>Missing episodes in {REPEAT_MISSING_DAYS} days</dt>
                <dd>
                  {s.episodeCount90d}
                  {!s.repeatMissing && <span className="muted"> (repeat missing from {REPEAT_MISSING_EPISODES})</span>}
                </dd>
              </div>
              <div>
                <dt>Review due</dt>
                <dd>{s.reviewDue ? formatDate(new Date(s.reviewDue)) : '—'}</dd>
              </div>
            </dl>
            {s.synthetic && <p className="muted">Synthetic record (demo data).</p>}
            <p>
              <a className="button" href={`${hrefOf('associations')}${chartSearch}`} onClick={follow(() => goTo('associations', '', chartSearch))}>
                Associations of this subject
              </a>
            </p>
          </section>

          <section className="panel" aria-labelledby="subject-links-heading">
            <h2 id="subject-links-heading">Links</h2>
            <div className="table-wrap">
              <table className="table" data-testid="subject-links">
                <TableHead columns={['Role', 'Linked to', 'What', 'When']} />
                <tbody>
                  {s.links.length === 0 && <EmptyRow cols={4}>Not linked to any sighting, intelligence, vehicle or episode yet.</EmptyRow>}
                  {s.links.map((l) => (
                    <tr key={`${l.type}:${l.id}:${l.role}`}>
                      <td>{SUBJECT_LINK_ROLE_LABELS[l.role] ?? l.role}</td>
                      <td>{LINK_TYPE_LABELS[l.type] ?? l.type}</td>
                      <td>
                        {l.type === 'vehicle' ? (
                          <a
                            href={`${hrefOf('associations')}?vehicle=${encodeURIComponent(l.id)}`}
                            onClick={follow(() => goTo('associations', '', `?vehicle=${encodeURIComponent(l.id)}`))}
                          >
                            {l.label ?? 'Vehicle'}
                          </a>
                        ) : l.type === 'sighting' ? (
                          // A sighting's label is its category.
                          (CATEGORY_LABELS[l.label as SightingCategory] ?? l.label)
                        ) : (
                          l.label
                        )}
                      </td>
                      <td>{l.at ? <time dateTime={l.at}>{formatDateTime(l.at)}</time> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}

      <section className="panel" aria-labelledby="subject-episodes-heading">
        <h2 id="subject-episodes-heading">Missing episodes</h2>
        {episodes.error && <ErrorMessage error={episodes.error} onRetry={episodes.retry} />}
        <div className="table-wrap">
          <table className="table people-episodes" data-testid="episodes" data-count={episodes.data?.length ?? 0}>
            <TableHead columns={['Reported missing', 'Missing from', 'Found', 'Found at', 'Duration', 'Returned by', 'Return interview']} />
            <tbody>
              {episodes.loading && !episodes.data && <EmptyRow cols={7}>Loading…</EmptyRow>}
              {episodes.data?.length === 0 && <EmptyRow cols={7}>No missing episodes recorded.</EmptyRow>}
              {episodes.data?.map((e) => <EpisodeRow key={e.id} e={e} goTo={goTo} />)}
            </tbody>
          </table>
        </div>
      </section>

      {s && (
        <EpisodeForm
          subjectId={id}
          recorded={() => {
            episodes.retry();
            subject.retry();
          }}
        />
      )}
    </div>
  );
}

/** Where a child went missing from: a sensitive site says what kind it is, then (for these readers) its name. */
export function missingFromText(m: Episode['missingFrom']): string {
  const kind = m.premisesCategory ? (PREMISES_CATEGORY_LABELS[m.premisesCategory as PremisesCategory] ?? m.premisesCategory) : m.premisesId ? 'Premises' : 'Home address';
  if (m.premisesName) return m.sensitive ? `${kind}: ${m.premisesName}` : m.premisesName;
  return kind;
}

const point = (p: { lat: number; lon: number }) => `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;

function EpisodeRow({ e, goTo }: { e: Episode; goTo: Props['goTo'] }) {
  const by = e.returnedBy;
  return (
    <tr>
      <td>
        <time dateTime={e.reportedMissingAt}>{formatDateTime(e.reportedMissingAt)}</time>
      </td>
      <td>
        {missingFromText(e.missingFrom)}
        {e.missingFrom.sensitive && <span className="people-badge people-badge--sensitive">Sensitive site</span>}
      </td>
      <td>{e.foundTime ? <time dateTime={e.foundTime}>{formatDateTime(e.foundTime)}</time> : <span className="people-badge people-badge--alert">Not found yet</span>}</td>
      <td>{e.foundAt ? `${point(e.foundAt)}${e.foundAt.precisionM ? ` (±${e.foundAt.precisionM} m)` : ''}` : '—'}</td>
      <td>{formatDuration(e.durationHours)}</td>
      <td>
        {by && 'subjectId' in by ? (
          <a href={hrefOf('people', by.subjectId)} onClick={follow(() => goTo('people', by.subjectId))}>
            {by.subjectRef ?? 'A person'}
          </a>
        ) : by && 'vehicleId' in by ? (
          (by.plate ?? 'A vehicle')
        ) : (
          '—'
        )}
      </td>
      <td>
        {e.notes ? (
          <details className="people-notes">
            <summary>Notes</summary>
            <p>{e.notes}</p>
          </details>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
