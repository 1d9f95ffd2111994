/** What the association chart is centred on and over which days, as the address holds it, and its answers merged (no React). */
import type { FocusKey, Graph, GraphEdge, GraphNode, GraphQuery } from './api';

export interface Focus {
  key: FocusKey;
  id: string;
}

export interface View {
  focus: Focus | null;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the chart may centre on, as the page names it (every kind the server takes, checked by the type). */
export const FOCUS_WORDS: Record<FocusKey, string> = { subject: 'a person', premises: 'a premises', vehicle: 'a vehicle', area: 'an area' };
const FOCUS_KEYS = Object.keys(FOCUS_WORDS) as FocusKey[];

/** The view the address asks for: `?subject=…|vehicle=…|premises=…|area=…&from=&to=`. */
export function readView(): View {
  const p = new URLSearchParams(window.location.search);
  const key = FOCUS_KEYS.find((k) => p.get(k));
  const day = (k: string) => (DAY.test(p.get(k) ?? '') ? p.get(k)! : '');
  return { focus: key ? { key, id: p.get(key)! } : null, from: day('from'), to: day('to') };
}

export const searchOf = (v: View): string => {
  const p = new URLSearchParams();
  if (v.focus) p.set(v.focus.key, v.focus.id);
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const queryOf = (v: View, focus: Focus | null = v.focus): GraphQuery => ({
  ...(focus ? { [focus.key]: focus.id } : {}),
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
});

/**
 * What a node stands for as a query of its own, so it can be expanded: its id, less the
 * type's prefix when the server gives ids as `type:uuid`. Places are not queried by id.
 */
export function focusOfNode(n: GraphNode): Focus | null {
  if (n.type === 'place') return null;
  const raw = n.id.startsWith(`${n.type}:`) ? n.id.slice(n.type.length + 1) : n.id;
  return { key: n.type, id: raw };
}

/** Nodes and edges of several answers as one graph; an edge met twice keeps its larger count and later date. */
export function merge(graphs: Graph[]): Graph {
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

