/** The association chart's side panel: its key, the selected node or link, and what to centre on first. */
import { useState, type MouseEvent } from 'react';
import { type SightingCategory } from '../../../server/lists';
import { PREMISES_CATEGORY_LABELS, CATEGORY_LABELS } from '../../../server/labels';
import { getJson } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { formatDateTime } from '../format';
import { hrefOf, type Page } from '../route';
import { useRemote } from '../useRemote';
import { edgeDetail, findPremises, searchSubjects, type GraphEdge, type GraphNode, type Vehicle } from './api';
import { NODE_LOOK } from './LinkChart';
import { FOCUS_WORDS, focusOfNode, type Focus, type View } from './associationsView';

export type GoTo = (to: Page, sub?: string, search?: string) => void;

export function Legend() {
  return (
    <section aria-labelledby="assoc-legend-heading">
      <h2 id="assoc-legend-heading" className="assoc__h2">
        Key
      </h2>
      <ul className="assoc-legend">
        {Object.entries(NODE_LOOK).map(([type, look]) => (
          <li key={type}>
            <span className={`assoc-legend__mark assoc-legend__mark--${type}`} aria-hidden="true" /> {look.label}
          </li>
        ))}
        <li>
          <span className="assoc-legend__line" aria-hidden="true" /> Link: thicker the more often they meet; the number is how often
        </li>
      </ul>
      <p className="muted">Click a node to bring in its own associations; click a link to see what is behind it.</p>
    </section>
  );
}

export function NodePanel({ node, expanded, recentre, goTo, close }: { node: GraphNode; expanded: boolean; recentre: (f: Focus) => void; goTo: GoTo; close: () => void }) {
  const f = focusOfNode(node);
  const follow = (go: () => void) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go();
  };
  return (
    <section aria-labelledby="assoc-node-heading" data-testid="assoc-node">
      <div className="assoc__panel-head">
        <h2 id="assoc-node-heading" className="assoc__h2">
          {NODE_LOOK[node.type].label}: {node.label}
        </h2>
        <button type="button" className="button button--small" onClick={close}>
          Close
        </button>
      </div>
      {f ? (
        <>
          <p className="muted">{expanded ? 'Its associations are in the chart.' : 'Loading its associations…'}</p>
          <p className="assoc__actions">
            <button type="button" className="button button--small" onClick={() => recentre(f)}>
              Centre the chart on this
            </button>
            {f.key === 'subject' && (
              <a className="button button--small" href={hrefOf('people', f.id)} onClick={follow(() => goTo('people', f.id))}>
                Open the subject
              </a>
            )}
          </p>
        </>
      ) : (
        <p className="muted">A place where sightings or episodes meet.</p>
      )}
    </section>
  );
}

export function EdgePanel({ edge, labelOf, period, close }: { edge: GraphEdge; labelOf: (id: string) => string; period: View; close: () => void }) {
  const detail = useRemote(JSON.stringify([edge.source, edge.target, period.from, period.to]), (s) =>
    edgeDetail(edge.source, edge.target, { ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) }, s),
  );
  const d = detail.data;
  return (
    <section aria-labelledby="assoc-edge-heading" data-testid="assoc-edge" data-state={detail.loading ? 'loading' : 'ready'}>
      <div className="assoc__panel-head">
        <h2 id="assoc-edge-heading" className="assoc__h2">
          {labelOf(edge.source)} — {labelOf(edge.target)}
        </h2>
        <button type="button" className="button button--small" onClick={close}>
          Close
        </button>
      </div>
      <p className="muted">
        Together {edge.count} {edge.count === 1 ? 'time' : 'times'}
        {edge.latest ? `, latest ${formatDateTime(edge.latest)}` : ''}.
      </p>
      {detail.error && <ErrorMessage error={detail.error} onRetry={detail.retry} />}
      {detail.loading && !d && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {d && (
        <>
          <h3 className="assoc__h3">Sightings ({d.sightings.length})</h3>
          {d.sightings.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="assoc-items" data-testid="edge-sightings">
              {d.sightings.map((s) => (
                <li key={s.id}>
                  <time dateTime={s.observedAt}>{formatDateTime(s.observedAt)}</time>
                  {s.category && <> · {CATEGORY_LABELS[s.category as SightingCategory] ?? s.category}</>}
                </li>
              ))}
            </ul>
          )}
          {d.journeys.length > 0 && (
            <>
              <h3 className="assoc__h3">Journeys ({d.journeys.length})</h3>
              <ul className="assoc-items" data-testid="edge-journeys">
                {d.journeys.map((j) => (
                  <li key={j.id}>
                    {j.title}
                    {j.latest && <> · {formatDateTime(j.latest)}</>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.episodes.length > 0 && (
            <>
              <h3 className="assoc__h3">Missing episodes ({d.episodes.length})</h3>
              <ul className="assoc-items" data-testid="edge-episodes">
                {d.episodes.map((e) => (
                  <li key={e.id}>
                    Reported missing {formatDateTime(e.reportedMissingAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** With nothing to centre on yet: find a person, a premises or a vehicle. */
export function FocusPicker({ pick }: { pick: (f: Focus) => void }) {
  const [kind, setKind] = useState<'subject' | 'premises' | 'vehicle'>('subject');
  const [typed, setTyped] = useState('');
  const q = typed.trim();
  const results = useRemote(q.length >= 2 ? `${kind}:${q}` : null, async (s): Promise<{ id: string; label: string }[]> => {
    if (kind === 'subject') return (await searchSubjects(q, s)).map((x) => ({ id: x.id, label: [x.ref, x.description].filter(Boolean).join(' · ') }));
    if (kind === 'premises')
      return (await findPremises(q, s)).features.map((f) => ({ id: String(f.id), label: `${f.properties.name} (${PREMISES_CATEGORY_LABELS[f.properties.category] ?? f.properties.category})` }));
    const r = await getJson<{ items: Vehicle[] }>('/api/vehicles', { plate: q.replace(/\s+/g, '').toUpperCase() }, s);
    return r.items.map((v) => ({ id: v.id, label: [v.plate, v.colour, v.make].filter(Boolean).join(' ') }));
  });
  return (
    <section className="panel assoc-picker" aria-labelledby="assoc-pick-heading">
      <h2 id="assoc-pick-heading">Centre the chart on…</h2>
      <fieldset className="control-group">
        <legend className="visually-hidden">What to centre on</legend>
        {(['subject', 'premises', 'vehicle'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="assoc-kind" checked={kind === k} onChange={() => setKind(k)} /> {FOCUS_WORDS[k]}
          </label>
        ))}
      </fieldset>
      <Field id="assoc-q" label={kind === 'subject' ? 'Reference, description or name' : kind === 'premises' ? 'Name or postcode' : 'Number plate'}>
        {(a) => <input {...a} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
      </Field>
      {results.error && <ErrorMessage error={results.error} onRetry={results.retry} />}
      {results.data && (
        <ul className="people-results">
          {results.data.length === 0 && <li className="muted">Nothing matches.</li>}
          {results.data.map((r) => (
            <li key={r.id}>
              <button type="button" className="link-button" onClick={() => pick({ key: kind, id: r.id })}>
                {r.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
