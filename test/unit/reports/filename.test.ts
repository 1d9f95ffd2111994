import { expect } from 'chai';
import { reportFileName } from '../../../server/reports/filename.js';
import { report } from './fixture.js';

describe('report file names', () => {
  const period = (from: string, to: string) => ({ period: { from, to, label: 'x' } });

  it('when a report covers September to November, then its file is named for both months, not for September alone', () => {
    const r = report({ area: { id: null, name: 'Halliwell', kind: 'ward' }, ...period('2026-08-31T23:00:00.000Z', '2026-12-01T00:00:00.000Z') });
    expect(reportFileName(r)).to.equal('lantern-report-halliwell-2026-09-to-2026-11');
  });

  it('when a report covers one whole month, then the month alone; when it covers days, then the first and last local day', () => {
    expect(reportFileName(report(period('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')))).to.equal('lantern-report-test-2026-01');
    // 3 June to 14 July inclusive, in BST.
    expect(reportFileName(report(period('2026-06-02T23:00:00.000Z', '2026-07-14T23:00:00.000Z')))).to.equal('lantern-report-test-2026-06-03-to-2026-07-14');
  });

  it('when the area name has no letters or digits, then "area"', () => {
    expect(reportFileName(report({ area: { id: null, name: '***', kind: 'drawn' }, ...period('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z') }))).to.equal('lantern-report-area-2026-01');
  });
});
