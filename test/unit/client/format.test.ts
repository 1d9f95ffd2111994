import { expect } from 'chai';
import { formatDayInput, formatGrading, parseDayInput, parseDateTimeInput, formatDateTimeInput } from '../../../client/src/format.js';

describe('client/format', () => {
  it('when a grading is written, then it reads "2 / C / P" everywhere', () => {
    expect(formatGrading({ sourceEval: 2, intelAssessment: 'C', handlingCode: 'P' })).to.equal('2 / C / P');
  });

  it('when a date is typed day first, then it reads as that day (en-GB), whatever the browser\'s locale', () => {
    expect(parseDayInput('31/12/2026')).to.equal('2026-12-31');
    expect(parseDayInput('1/2/2026')).to.equal('2026-02-01');
    expect(parseDayInput(' 01-02-2026 ')).to.equal('2026-02-01');
    expect(parseDayInput('2026-02-01')).to.equal('2026-02-01');
    expect(parseDayInput('')).to.equal('');
  });

  it('when a typed date is not a real day, then it is refused (null), not rolled over', () => {
    for (const bad of ['31/02/2026', '12/31/2026', '0/1/2026', '1/1/26', 'tomorrow', '2026-13-01']) expect(parseDayInput(bad), bad).to.equal(null);
  });

  it('when a stored day is shown in a date box, then it is dd/mm/yyyy', () => {
    expect(formatDayInput('2026-02-01')).to.equal('01/02/2026');
    expect(formatDayInput('')).to.equal('');
  });

  it('when a date and time is typed, then day first with a 24-hour time; shown back the same way', () => {
    expect(parseDateTimeInput('14/11/2026 22:40')).to.equal('2026-11-14T22:40');
    expect(parseDateTimeInput('14/11/2026, 7:05')).to.equal('2026-11-14T07:05');
    expect(parseDateTimeInput('2026-11-14T22:40')).to.equal('2026-11-14T22:40');
    expect(parseDateTimeInput('14/11/2026 24:00')).to.equal(null);
    expect(parseDateTimeInput('14/11/2026')).to.equal(null);
    expect(formatDateTimeInput('2026-11-14T07:05')).to.equal('14/11/2026 07:05');
  });
});
