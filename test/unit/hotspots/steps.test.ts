import { expect } from 'chai';
import { stepEdges } from '../../../server/hotspots/service.js';

describe('hotspots/service stepEdges', () => {
  it('when weeks are counted back from the end, then only whole weeks after the start are kept, oldest first', () => {
    const end = new Date('2026-05-25T00:00:00Z');
    const edges = stepEdges(new Date('2026-05-01T00:00:00Z'), end, 'week', 520);
    expect(edges.map((d) => d.toISOString().slice(0, 10))).to.deep.equal(['2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25']);
  });

  it('when months are counted back from the 31st, then the day is clamped to each month\'s length', () => {
    const edges = stepEdges(new Date('2025-12-01T00:00:00Z'), new Date('2026-03-31T12:00:00Z'), 'month', 520);
    expect(edges.map((d) => d.toISOString())).to.deep.equal(['2025-12-31T12:00:00.000Z', '2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
  });

  it('when the period is longer than the most steps allowed, then counting stops one past the limit (for the caller to refuse)', () => {
    const edges = stepEdges(new Date('2000-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'week', 520);
    expect(edges.length - 1).to.equal(521);
  });
});
