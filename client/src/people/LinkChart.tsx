import { useEffect, useRef, useState } from 'react';
import type { Core, ElementDefinition, LayoutOptions, StylesheetJson } from 'cytoscape';
import type { AssociationNodeType } from '../../../server/lists';
import type { Graph, GraphEdge, GraphNode } from './api';

/** How each kind of node is drawn: a shape as well as a colour, so the chart reads without colour too. */
export const NODE_LOOK: Record<AssociationNodeType, { shape: string; colour: string; label: string }> = {
  subject: { shape: 'ellipse', colour: '#6b3a92', label: 'Person' },
  vehicle: { shape: 'round-rectangle', colour: '#1f5fa8', label: 'Vehicle' },
  premises: { shape: 'hexagon', colour: '#a14d00', label: 'Premises' },
  place: { shape: 'triangle', colour: '#1e7a3c', label: 'Place' },
};

/** An edge's id in the chart: its two ends, in the order the server gave them. */
export const edgeId = (e: Pick<GraphEdge, 'source' | 'target'>) => `${e.source}\u2192${e.target}`;

interface Props {
  graph: Graph;
  /** The node the chart is centred on, drawn larger. */
  focusId: string | null;
  selected: { kind: 'node' | 'edge'; id: string } | null;
  onNode: (n: GraphNode) => void;
  onEdge: (e: GraphEdge) => void;
  loading: boolean;
  /** Nodes whose neighbourhood has been merged in. */
  expanded: ReadonlySet<string>;
}

/** Positions on screen of the chart's nodes and edges, for the browser tests (the chart is a canvas). */
interface ChartHook {
  nodes: () => { id: string; type: string; x: number; y: number }[];
  edges: () => { id: string; source: string; target: string; x: number; y: number }[];
}
declare global {
  interface Window {
    lanternLinkChart?: ChartHook;
  }
}

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1b1f24',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '130px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  ...(Object.entries(NODE_LOOK) as [AssociationNodeType, (typeof NODE_LOOK)[AssociationNodeType]][]).map(([type, look]) => ({
    selector: `node[type = "${type}"]`,
    style: { shape: look.shape, 'background-color': look.colour },
  })) as StylesheetJson,
  { selector: 'node[?expanded]', style: { 'border-color': '#1d2b3a' } },
  // After "expanded": the centre keeps its amber ring.
  { selector: 'node[?focus]', style: { width: 40, height: 40, 'font-weight': 'bold', 'border-color': '#f5b83d', 'border-width': 4 } },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': '#8a94a3',
      'curve-style': 'bezier',
      label: 'data(count)',
      'font-size': 10,
      color: '#4a5260',
      'text-background-color': '#ffffff',
      'text-background-opacity': 1,
      'text-background-padding': '1px',
    },
  },
  { selector: '.selected', style: { 'line-color': '#f5b83d', 'border-color': '#f5b83d', 'border-width': 4, 'z-index': 10 } },
];

/** The graph as Cytoscape elements; an edge's width grows with how often its two ends meet. */
function elementsOf(graph: Graph, focusId: string | null, expanded: ReadonlySet<string>): ElementDefinition[] {
  const max = Math.max(1, ...graph.edges.map((e) => e.count));
  const known = new Set(graph.nodes.map((n) => n.id));
  return [
    ...graph.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, type: n.type, focus: n.id === focusId, expanded: expanded.has(n.id) } })),
    ...graph.edges
      .filter((e) => known.has(e.source) && known.has(e.target))
      .map((e) => ({
        group: 'edges' as const,
        data: { id: edgeId(e), source: e.source, target: e.target, count: e.count, width: 1.5 + (8.5 * (e.count - 1)) / Math.max(1, max - 1) },
      })),
  ];
}

/**
 * The associations graph as a link chart (Cytoscape.js, loaded in a chunk of its own
 * when the chart is first shown). The container says how many nodes and edges it
 * draws (`data-node-count`, `data-edge-count`) and whether the latest answer is drawn
 * (`data-state=ready`).
 */
export function LinkChart({ graph, focusId, selected, onNode, onEdge, loading, expanded }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [drawn, setDrawn] = useState({ nodes: 0, edges: 0 });
  // The latest handlers, so the chart's listeners (bound once) call the current ones.
  const handlers = useRef({ onNode, onEdge, graph });
  handlers.current = { onNode, onEdge, graph };

  useEffect(() => {
    let gone = false;
    import('cytoscape').then(
      ({ default: cytoscape }) => {
        if (gone || !box.current) return;
        const c = cytoscape({ container: box.current, style: STYLE, minZoom: 0.2, maxZoom: 3, wheelSensitivity: 0.3, boxSelectionEnabled: false });
        c.on('tap', 'node', (ev) => {
          const n = handlers.current.graph.nodes.find((x) => x.id === ev.target.id());
          if (n) handlers.current.onNode(n);
        });
        c.on('tap', 'edge', (ev) => {
          const e = handlers.current.graph.edges.find((x) => edgeId(x) === ev.target.id());
          if (e) handlers.current.onEdge(e);
        });
        cy.current = c;
        const onScreen = (m: { x: number; y: number }) => {
          const r = box.current?.getBoundingClientRect() ?? { left: 0, top: 0 };
          const z = c.zoom();
          const p = c.pan();
          return { x: r.left + m.x * z + p.x, y: r.top + m.y * z + p.y };
        };
        window.lanternLinkChart = {
          nodes: () => c.nodes().map((n) => ({ id: n.id(), type: String(n.data('type')), ...onScreen(n.position()) })),
          edges: () => c.edges().map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id(), ...onScreen(e.midpoint()) })),
        };
        setReady(true);
      },
      (err: unknown) => setFailed(String(err)),
    );
    return () => {
      gone = true;
      cy.current?.destroy();
      cy.current = null;
      delete window.lanternLinkChart;
    };
  }, []);

  // Redraw when the graph changes: new elements in, gone ones out, then lay out again.
  useEffect(() => {
    const c = cy.current;
    if (!ready || !c) return;
    const els = elementsOf(graph, focusId, expanded);
    const wanted = new Set(els.map((e) => e.data.id!));
    c.batch(() => {
      c.elements().filter((el) => !wanted.has(el.id())).remove();
      for (const el of els) {
        const have = c.getElementById(el.data.id!);
        if (have.nonempty()) have.data(el.data);
        else c.add(el);
      }
    });
    c.layout({ name: c.nodes().length > 1 ? 'cose' : 'grid', animate: false, padding: 30, nodeDimensionsIncludeLabels: true, randomize: false } as LayoutOptions).run();
    c.fit(undefined, 30);
    setDrawn({ nodes: c.nodes().length, edges: c.edges().length });
  }, [ready, graph, focusId, expanded]);

  useEffect(() => {
    const c = cy.current;
    if (!ready || !c) return;
    c.elements('.selected').removeClass('selected');
    if (selected) c.getElementById(selected.id).addClass('selected');
  }, [ready, selected, graph]);

  // The container may change size (a phone turned, the panel opening): keep the chart filling it.
  useEffect(() => {
    if (!ready || !box.current) return;
    const obs = new ResizeObserver(() => {
      cy.current?.resize();
      cy.current?.fit(undefined, 30);
    });
    obs.observe(box.current);
    return () => obs.disconnect();
  }, [ready]);

  const state = failed ? 'failed' : !ready || loading ? 'loading' : 'ready';
  return (
    <div className="assoc-chart">
      <div
        ref={box}
        className="assoc-chart__canvas"
        data-testid="link-chart"
        data-state={state}
        data-node-count={drawn.nodes}
        data-edge-count={drawn.edges}
        role="img"
        aria-label={`Link chart: ${drawn.nodes} nodes and ${drawn.edges} links. The same links are listed beside the chart.`}
      />
      {state === 'loading' && (
        <p className="assoc-chart__status" role="status">
          {ready ? 'Loading associations…' : 'Loading the chart…'}
        </p>
      )}
      {failed && (
        <p className="message message--error" role="alert">
          The chart could not be loaded. The links are listed beside it.
        </p>
      )}
    </div>
  );
}
