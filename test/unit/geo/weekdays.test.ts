import { expect } from 'chai';
import { isoDow, parseWeekdays } from '../../../server/geo/weekdays.js';

describe('geo/weekdays', () => {
  it('when given short or full names in any case, then it returns them in week order without repeats', () => {
    expect(parseWeekdays('Sat,fri,FRIDAY')).to.deep.equal(['fri', 'sat']);
    expect(parseWeekdays('sunday,mon')).to.deep.equal(['mon', 'sun']);
  });
  it('when a name is unknown, then it names it', () => {
    expect(parseWeekdays('fri,funday')).to.match(/"funday"/);
    expect(parseWeekdays('frx')).to.match(/"frx"/);
  });
  it('when numbered, then Monday is 1 and Sunday 7 as in isodow', () => {
    expect(isoDow('mon')).to.equal(1);
    expect(isoDow('sun')).to.equal(7);
  });
});
