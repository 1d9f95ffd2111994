import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { PREMISES_CATEGORY_LABELS, CATEGORY_LABELS, type SightingCategory } from '../../../server/lists';
import { getJson } from '../api';
import { DateInput } from '../components/DateInput';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { formatDateTime } from '../format';
import { hrefOf, type Page } from '../route';
import { saveFile } from '../saveFile';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import {
  associations,
  edgeDetail,
  exportGraph,
  findPremises,
  searchSubjects,
  type ExportFormat,
  type FocusKey,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type GraphQuery,
  type Vehicle,
} from './api';
import { edgeId, LinkChart, NODE_LOOK } from './LinkChart';
import './people.css';

interface Props {
  goTo: (to: Page, sub?: string, search?: string) => void;
}

interface Focus {
  key: FocusKey;
  id: string;
}

interface View {
  focus: Focus | null;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the chart may centre on, as the page names it (every kind the server takes, checked by the type). */
const FOCUS_WORDS: Record<FocusKey, string> = { subject: 'a person', premises: 'a premises', vehicle: 'a vehicle', area: 'an area' };
const FOCUS_KEYS = Object.keys(FOCUS_WORDS) as FocusKey[];

/** The view the address asks for: `?subject=…|vehicle=…|premises=…|area=…&from=&to=`. */
function readView(): View {
  const p = new URLSearchParams(window.location.search);
  const key = FOCUS_KEYS.find((k) => p.get(k));
  const day = (k: string) => (DAY.test(p.get(k) ?? '') ? p.get(k)! : '');
  return { focus: key ? { key, id: p.get(key)! } : null, from: day('from'), to: day('to') };
}

const searchOf = (v: View): string => {
  const p = new URLSearchParams();
  if (v.focus) p.set(v.focus.key, v.focus.id);
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  const s = p.toString();
  return s ? `?${s}` : '';
};

const queryOf = (v: View, focus: Focus | null = v.focus): GraphQuery => ({
  ...(focus ? { [focus.key]: focus.id } : {}),
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
});

/**
 * What a node stands for as a query of its own, so it can be expanded: its id, less the
 * type's prefix when the server gives ids as `type:uuid`. Places are not queried by id.
 */
function focusOfNode(n: GraphNode): Focus | null {
  if (n.type === 'place') return null;
  const raw = n.id.startsWith(`${n.type}:`) ? n.id.slice(n.type.length + 1) : n.id;
  return { key: n.type, id: raw };
}

/** Nodes and edges of several answers as one graph; an edge met twice keeps its larger count and later date. */
function merge(graphs: Graph[]): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const g of graphs) {
    for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of g.edges) {
      const key = [e.source, e.target].sort().join('\u0000');
      const had = edges.get(key);
      edges.set(
        key,
        had ? { ...had, count: Math.max(had.count, e.count), latest: had.latest > e.latest ? had.latest : e.latest } : e,
      );
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: graphs.some((g) => g.truncated) };
}

/** Nothing yet: one object, so the chart is not redrawn on every render while the first answer is awaited. */
const NO_GRAPH: Graph = { nodes: [], edges: [], truncated: false };

type Selection = { kind: 'node'; node: GraphNode } | { kind: 'edge'; edge: GraphEdge };

/**
 * `/associations`: who and what keep turning up together, as a link chart. Click a node
 * to bring in its own associations; click a link to list the sightings, journeys and
 * episodes behind it. Exports the graph for i2 Analyst's Notebook (CSV) or as GraphML.
 */
export function AssociationsPage({ goTo }: Props) {
  const [view, setView] = useState<View>(readView);
  const [expanded, setExpanded] = useState<Focus[]>([]);
  const [selection, setSelection] = useState<Selection | null>(null);

  // The back button within the page (one centre to the one before) re-reads the address.
  useEffect(() => {
    const onPop = () => {
      setView(readView());
      setExpanded([]);
      setSelection(null);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  /** A new view; `push` for a new centre (a history entry), a date change replaces the address. */
  const show = useCallback((next: View, push: boolean) => {
    const url = `${hrefOf('associations')}${searchOf(next)}`;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    setView(next);
    setSelection(null);
    if (push) setExpanded([]);
  }, []);

  const key = view.focus ? JSON.stringify([view, expanded]) : null;
  const graph = useRemote(key, async (signal) => merge(await Promise.all([view.focus, ...expanded].map((f) => associations(queryOf(view, f), signal)))));
  const g = graph.data ?? NO_GRAPH;
  const sameFocus = (a: Focus | null, b: Focus | null) => !!a && !!b && a.key === b.key && a.id === b.id;
  // The node the chart is centred on, as the server names it.
  const focusId = g.nodes.find((n) => sameFocus(focusOfNode(n), view.focus))?.id ?? null;
  const isExpanded = (n: GraphNode) => {
    const f = focusOfNode(n);
    return sameFocus(f, view.focus) || expanded.some((x) => sameFocus(x, f));
  };
  const expandedIds = useMemo(
    () => new Set(g.nodes.filter((n) => isExpanded(n)).map((n) => n.id)),
    // isExpanded reads only these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [g, expanded, view.focus],
  );

  /** A click on a node selects it and brings its own associations into the chart. */
  const onNode = (n: GraphNode) => {
    setSelection({ kind: 'node', node: n });
    const f = focusOfNode(n);
    if (f && !isExpanded(n)) setExpanded((xs) => [...xs, f]);
  };

  const labelOf = (id: string) => g.nodes.find((n) => n.id === id)?.label ?? id;
  const exporting = useSubmit('The export failed');
  const download = (format: ExportFormat) => void exporting.run(async () => saveFile(await exportGraph(format, queryOf(view))));

  return (
    <div className="assoc">
      <div className="assoc__head">
        <h1>Associations</h1>
        <form className="assoc__filters" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
          <Field id="assoc-from" label="From" className="field--inline">
            {(a) => <DateInput {...a} value={view.from} onChange={(v) => show({ ...view, from: v }, false)} />}
          </Field>
          <Field id="assoc-to" label="To" className="field--inline">
            {(a) => <DateInput {...a} value={view.to} onChange={(v) => show({ ...view, to: v }, false)} />}
          </Field>
          {(view.from || view.to) && (
            <button type="button" className="button button--small" onClick={() => show({ ...view, from: '', to: '' }, false)}>
              Any time
            </button>
          )}
        </form>
        {view.focus && (
          <div className="assoc__exports">
            <button type="button" className="button button--small" disabled={exporting.pending} onClick={() => download('i2')}>
              Download i2 CSV
            </button>
            <button type="button" className="button button--small" disabled={exporting.pending} onClick={() => download('graphml')}>
              Download GraphML
            </button>
          </div>
        )}
      </div>
      {exporting.error && <ErrorMessage error={exporting.error} />}
      {!view.focus ? (
        <FocusPicker pick={(f) => show({ ...view, focus: f }, true)} />
      ) : (
        <div className="assoc__body">
          <LinkChart
            graph={g}
            focusId={focusId}
            expanded={expandedIds}
            loading={graph.loading}
            selected={selection ? { kind: selection.kind, id: selection.kind === 'node' ? selection.node.id : edgeId(selection.edge) } : null}
            onNode={onNode}
            onEdge={(e) => setSelection({ kind: 'edge', edge: e })}
          />
          <aside className="panel assoc__panel" aria-label="Details" data-testid="assoc-panel">
            {graph.error && <ErrorMessage error={graph.error} onRetry={graph.retry} />}
            {graph.data && g.nodes.length === 0 && <p className="muted">Nothing is associated with this in the period.</p>}
            {g.truncated && <p className="message message--info">More shared sightings, journeys and episodes than the chart can show: the strongest links are drawn. Narrow the period to see the rest.</p>}
            {selection?.kind === 'edge' && (
              <EdgePanel edge={selection.edge} labelOf={labelOf} period={view} close={() => setSelection(null)} />
            )}
            {selection?.kind === 'node' && (
              <NodePanel
                node={selection.node}
                expanded={isExpanded(selection.node)}
                recentre={(f) => show({ ...view, focus: f }, true)}
                goTo={goTo}
                close={() => setSelection(null)}
              />
            )}
            {!selection && <Legend />}
            {g.edges.length > 0 && (
              <section aria-labelledby="assoc-links-heading">
                <h2 id="assoc-links-heading" className="assoc__h2">
                  Links ({g.edges.length})
                </h2>
                <ul className="assoc-links" data-testid="assoc-links">
                  {[...g.edges]
                    .sort((a, b) => b.count - a.count)
                    .map((e) => (
                      <li key={edgeId(e)}>
                        <button type="button" className="link-button" aria-pressed={selection?.kind === 'edge' && edgeId(selection.edge) === edgeId(e)} onClick={() => setSelection({ kind: 'edge', edge: e })}>
                          {labelOf(e.source)} — {labelOf(e.target)}
                        </button>{' '}
                        <span className="muted">
                          {e.count}×{e.latest ? `, latest ${formatDateTime(e.latest)}` : ''}
                        </span>
                      </li>
                    ))}
                </ul>
              </section>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}

function Legend() {
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

function NodePanel({ node, expanded, recentre, goTo, close }: { node: GraphNode; expanded: boolean; recentre: (f: Focus) => void; goTo: Props['goTo']; close: () => void }) {
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

function EdgePanel({ edge, labelOf, period, close }: { edge: GraphEdge; labelOf: (id: string) => string; period: View; close: () => void }) {
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
function FocusPicker({ pick }: { pick: (f: Focus) => void }) {
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
