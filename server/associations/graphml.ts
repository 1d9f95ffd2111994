import type { Graph } from './graph.js';

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe in XML content and in double- or single-quoted attributes. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Attribute values normalise raw line breaks and tabs to spaces; written as references they survive.
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/**
 * The graph as GraphML (http://graphml.graphdrawing.org/), which Gephi, yEd, Cytoscape
 * desktop and NetworkX read: nodes with `type` and `label`, undirected edges with `count`
 * and `latest` (ISO 8601, UTC). `description` goes in the file's `<desc>`: its marking.
 */
export function toGraphMl(g: Graph, description: string): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${xmlEscape(description)}</desc>`,
    '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="count" for="edge" attr.name="count" attr.type="int"/>',
    '  <key id="latest" for="edge" attr.name="latest" attr.type="string"/>',
    '  <graph id="associations" edgedefault="undirected">',
  ];
  for (const n of g.nodes) {
    out.push(`    <node id="${xmlEscape(n.id)}"><data key="type">${n.type}</data><data key="label">${xmlEscape(n.label)}</data></node>`);
  }
  g.edges.forEach((e, i) => {
    out.push(
      `    <edge id="e${i + 1}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"><data key="count">${e.count}</data><data key="latest">${e.latest.toISOString()}</data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
