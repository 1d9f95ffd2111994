import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { I2_COLUMNS, toI2Csv } from '../../../server/associations/i2.js';
import { toGraphMl, xmlEscape } from '../../../server/associations/graphml.js';
import type { Graph } from '../../../server/associations/graph.js';

/** Throws unless the text is one well-formed XML element (tags nested and closed, entities known): enough to catch unescaped text. */
function wellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g)) {
    if (!m[2]) throw new Error(`stray ${m[0]} at ${m.index}: ${body.slice(m.index!, m.index! + 40)}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> closes nothing open at ${m.index}`);
    } else if (!m[4]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length || roots !== 1) throw new Error(`unclosed ${stack.join(', ')} or ${roots} root elements`);
}

const graph: Graph = {
  nodes: [
    { id: 'subject:00000000-0000-4000-8000-000000000001', type: 'subject', label: 'SYN-REF-1' },
    { id: 'vehicle:00000000-0000-4000-8000-000000000002', type: 'vehicle', label: 'ZZ01ABC' },
    { id: 'premises:00000000-0000-4000-8000-000000000003', type: 'premises', label: '=cmd|\' /C calc\'!A0 & <Grill> "Best" (synthetic)' },
    { id: 'place:3710_4091', type: 'place', label: 'Halliwell, SD 710 091\u0007\nsecond line' },
  ],
  edges: [
    { source: 'subject:00000000-0000-4000-8000-000000000001', target: 'vehicle:00000000-0000-4000-8000-000000000002', count: 2, latest: new Date('2026-07-08T21:30:00Z') },
    { source: 'premises:00000000-0000-4000-8000-000000000003', target: 'place:3710_4091', count: 1, latest: new Date('2026-01-08T23:30:00Z') },
  ],
  truncated: false,
};

describe('association writers', () => {
  it('when written for i2, then each edge is one row of two entities and a link, with the local date and time apart', () => {
    const csv = toI2Csv(graph, 'Europe/London');
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).to.deep.equal([...I2_COLUMNS]);
    expect(rows).to.have.length(2);
    expect(rows[0]).to.deep.equal({
      'Entity 1 Identity': 'subject:00000000-0000-4000-8000-000000000001', 'Entity 1 Type': 'Person', 'Entity 1 Label': 'SYN-REF-1',
      'Entity 2 Identity': 'vehicle:00000000-0000-4000-8000-000000000002', 'Entity 2 Type': 'Vehicle', 'Entity 2 Label': 'ZZ01ABC',
      'Link Type': 'Seen together', 'Link Label': '2 occasions', 'Link Count': '2',
      // 21:30 UTC in July is 22:30 in London.
      'Latest Date': '2026-07-08', 'Latest Time': '22:30:00',
    });
    expect(rows[1]!['Entity 1 Label']).to.equal('\'=cmd|\' /C calc\'!A0 & <Grill> "Best" (synthetic)');
    expect(rows[1]!['Latest Time']).to.equal('23:30:00');
    expect(csv.endsWith('\r\n')).to.equal(true);
  });

  it('when written as GraphML, then the XML is well-formed, its text escaped, with keys for type, label, count and latest', () => {
    const xml = toGraphMl(graph, 'OFFICIAL-SENSITIVE. Test & check <synthetic>');
    wellFormedXml(xml);
    expect(xml).to.include('<graph id="associations" edgedefault="undirected">');
    for (const [key, of] of [['type', 'node'], ['label', 'node'], ['count', 'edge'], ['latest', 'edge']]) expect(xml).to.include(`<key id="${key}" for="${of}" attr.name="${key}"`);
    expect(xml).to.include('<data key="label">=cmd|&apos; /C calc&apos;!A0 &amp; &lt;Grill&gt; &quot;Best&quot; (synthetic)</data>');
    expect(xml).to.include('<data key="label">Halliwell, SD 710 091\uFFFD&#10;second line</data>');
    expect(xml).to.include('<edge id="e1" source="subject:00000000-0000-4000-8000-000000000001" target="vehicle:00000000-0000-4000-8000-000000000002"><data key="count">2</data><data key="latest">2026-07-08T21:30:00.000Z</data></edge>');
    expect(xml.match(/<node /g)).to.have.length(4);
    expect(xml).to.include('<desc>OFFICIAL-SENSITIVE. Test &amp; check &lt;synthetic&gt;</desc>');
  });

  it('when text holds characters XML cannot carry, then they are replaced, and a pair of surrogates is kept', () => {
    expect(xmlEscape('a\u0000b\uD800c\uD83D\uDE00')).to.equal('a\uFFFDb\uFFFDc\uD83D\uDE00');
  });
});
