import { expect } from 'chai';
import { describeCount, exportHref, grading, nextSort, sortRows, type ListedSighting } from '../../../client/src/map/listRows.js';

const row = (id: string, observedAt: string, more: Partial<ListedSighting> = {}): ListedSighting => ({
  id, lon: -2.43, lat: 53.58, observedAt, category: 'adult_loitering', sourceEval: 2, intelAssessment: 'B', handlingCode: 'P', premisesId: null, vehicleId: null, ...more,
});

describe('client/map/listRows', () => {
  const rows = [
    row('a', '2026-03-02T21:00:00Z', { category: 'party_address', premisesId: 'p1', premisesName: 'Zed Hotel (synthetic)' }),
    row('b', '2026-03-01T21:00:00Z', { sourceEval: 1, premisesId: 'p2', premisesName: 'Alpha Bar (synthetic)', vehicleId: 'v', vehiclePlate: 'SYN123' }),
    row('c', '2026-03-03T21:00:00Z', { intelAssessment: 'C' }),
  ];
  const ids = (rs: ListedSighting[]) => rs.map((r) => r.id);

  it('when rows are sorted by time, then newest first by default and oldest first when turned round', () => {
    expect(ids(sortRows(rows, { key: 'time', descending: true }))).to.deep.equal(['c', 'a', 'b']);
    expect(ids(sortRows(rows, nextSort({ key: 'time', descending: true }, 'time')))).to.deep.equal(['b', 'a', 'c']);
  });

  it('when rows are sorted by category, grading or premises, then by its label, empty values last in either direction', () => {
    expect(ids(sortRows(rows, { key: 'category', descending: false }))).to.deep.equal(['c', 'b', 'a']);
    expect(ids(sortRows(rows, { key: 'grading', descending: false }))).to.deep.equal(['b', 'a', 'c']);
    expect(ids(sortRows(rows, { key: 'premises', descending: false }))).to.deep.equal(['b', 'a', 'c']);
    expect(ids(sortRows(rows, { key: 'premises', descending: true }))).to.deep.equal(['a', 'b', 'c']);
    expect(ids(sortRows(rows, { key: 'vehicle', descending: false }))).to.deep.equal(['b', 'c', 'a']);
  });

  it('when another column is chosen, then it starts ascending (time: newest first)', () => {
    expect(nextSort({ key: 'time', descending: true }, 'category')).to.deep.equal({ key: 'category', descending: false });
    expect(nextSort({ key: 'category', descending: false }, 'time')).to.deep.equal({ key: 'time', descending: true });
  });

  it('when the list is described and exported, then the count is honest and the export keeps the selection without the limit', () => {
    expect(describeCount(12, 12)).to.equal('12 sightings');
    expect(describeCount(1, 1)).to.equal('1 sighting');
    expect(describeCount(500, 1203)).to.equal('the first 500 of 1,203 sightings (newest first)');
    expect(exportHref({ cell: 'square:100:3:4', from: '2026-01-01', limit: '500' }, 'gpkg')).to.equal('/api/exports/sightings?cell=square%3A100%3A3%3A4&from=2026-01-01&format=gpkg');
    expect(grading(rows[0]!)).to.equal('2 / B / P');
  });
});
