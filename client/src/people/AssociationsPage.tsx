import { useCallback, useEffect, useMemo, useState } from 'react';
import { DateInput } from '../components/DateInput';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { formatDateTime } from '../format';
import { hrefOf } from '../route';
import { saveFile } from '../saveFile';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { associations, exportGraph, type ExportFormat, type Graph, type GraphEdge, type GraphNode } from './api';
import { edgeId, LinkChart } from './LinkChart';
import { EdgePanel, FocusPicker, Legend, NodePanel, type GoTo } from './AssociationPanels';
import { focusOfNode, merge, queryOf, readView, searchOf, type Focus, type View } from './associationsView';
import './people.css';

interface Props {
  goTo: GoTo;
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
