import { expect } from 'chai';
import {
  bngSquaresAnswer, codesOf, cubeAnswers, cubeLevel, cubeNamesSingles, cubeSpans, edgeStrips, factsAnswer, hourMarginalAnswer, hourOfWeekSlots, hoursAnswer, innerCells, localDayStarting, monthStart, nextMonthStart, weekdaysByHour, wholeDays,
} from '../../../server/aggregates/plan.js';

const LONDON = 'Europe/London';

describe('aggregates plan', () => {
  describe('localDayStarting', () => {
    it('when the instant is a London midnight in summer (23:00 UTC the evening before), then it is that day: 2026-07-02 is day 20636', () => {
      expect(localDayStarting(new Date('2026-07-01T23:00:00Z'), LONDON)).to.equal(20636);
    });
    it('when the clocks have just gone forward (2026-03-29), then the next midnight is 23:00 UTC: day 20542 is 2026-03-30', () => {
      expect(localDayStarting(new Date('2026-03-29T23:00:00Z'), LONDON)).to.equal(20542);
      expect(localDayStarting(new Date('2026-03-29T00:00:00Z'), LONDON)).to.equal(20541);
    });
    it('when the instant is not a local midnight, then there is no day', () => {
      expect(localDayStarting(new Date('2026-07-02T00:00:00Z'), LONDON)).to.equal(undefined);
      expect(localDayStarting(new Date('2026-03-29T23:30:00Z'), LONDON)).to.equal(undefined);
    });
  });

  describe('wholeDays', () => {
    it('when both ends are local midnights, then the period is days [from, to); open ends stay open', () => {
      expect(wholeDays({ from: new Date('2026-07-01T23:00:00Z'), to: new Date('2026-07-02T23:00:00Z') }, LONDON)).to.deep.equal({ from: 20636, to: 20637 });
      expect(wholeDays({ to: new Date('2026-07-01T23:00:00Z') }, LONDON)).to.deep.equal({ to: 20636 });
      expect(wholeDays({}, LONDON)).to.deep.equal({});
    });
    it('when an end is mid-day, then not whole days', () => {
      expect(wholeDays({ from: new Date('2026-07-01T23:00:00Z'), to: new Date('2026-07-02T12:00:00Z') }, LONDON)).to.equal(undefined);
    });
  });

  describe('hourOfWeekSlots', () => {
    it('when Friday nights 22-2 are asked, then Friday 22:00 and 23:00 and Saturday 00:00 and 01:00: slots 118-121', () => {
      expect(hourOfWeekSlots({ start: 22, end: 2 }, ['fri'])).to.deep.equal([118, 119, 120, 121]);
    });
    it('when only Monday is asked, then its 24 hours: slots 0-23', () => {
      expect(hourOfWeekSlots(undefined, ['mon'])).to.deep.equal(Array.from({ length: 24 }, (_, i) => i));
    });
    it('when 9-17 on every day is asked, then 8 hours a day, 56 slots from Monday 09:00 (9) to Sunday 16:00 (160)', () => {
      const s = hourOfWeekSlots({ start: 9, end: 17 }, undefined);
      expect(s).to.have.length(56);
      expect([s[0], s[7], s[8], s.at(-1)]).to.deep.equal([9, 16, 33, 160]);
    });
    it('when Sunday night 22-4 is asked, then it runs into Monday morning: 166, 167, 0, 1, 2, 3 (sorted)', () => {
      expect(hourOfWeekSlots({ start: 22, end: 4 }, ['sun'])).to.deep.equal([0, 1, 2, 3, 166, 167]);
    });
  });

  describe('cubeSpans', () => {
    it('when 2025-01-01 to 2025-03-03 is asked, then January and February from month rows and 1-2 March from day rows', () => {
      // 20089 = 2025-01-01; 20148 = 2025-03-01; 20150 = 2025-03-03
      expect(cubeSpans({ from: 20089, to: 20150 }, false)).to.deep.equal({ months: [20089, 20148], days: [[20148, 20150]] });
    });
    it('when the period starts on 2 January, then 2-31 January from days, February from a month, 1-2 March from days', () => {
      expect(cubeSpans({ from: 20090, to: 20150 }, false)).to.deep.equal({ months: [20120, 20148], days: [[20090, 20120], [20148, 20150]] });
    });
    it('when the period holds no whole month, then days only', () => {
      expect(cubeSpans({ from: 20090, to: 20100 }, false)).to.deep.equal({ days: [[20090, 20100]] });
    });
    it('when weekdays are filtered, then days only (a month mixes weekdays)', () => {
      expect(cubeSpans({ from: 20089, to: 20150 }, true)).to.deep.equal({ days: [[20089, 20150]] });
    });
    it('when an end is open, then the months run to it', () => {
      expect(cubeSpans({ to: 20150 }, false)).to.deep.equal({ months: [-2_147_483_648, 20148], days: [[20148, 20150]] });
      expect(cubeSpans({}, false)).to.deep.equal({ months: [-2_147_483_648, 2_147_483_647], days: [] });
    });
    it('when a month ends on the 31st, then the next month start is the 1st after it, not 31 days on', () => {
      // 20119 = 2025-01-31; 20120 = 2025-02-01; 20148 = 2025-03-01
      expect(nextMonthStart(20119)).to.equal(20120);
      expect(monthStart(20119)).to.equal(20089);
      expect(nextMonthStart(20120)).to.equal(20148);
    });
  });

  describe('which aggregate answers', () => {
    const midnight = new Date('2026-07-01T23:00:00Z');
    it('when premises, vehicle, indicators or a radius are filtered, then the rows answer', () => {
      expect(factsAnswer({ premisesId: 'x' })).to.equal(false);
      expect(factsAnswer({ indicators: ['a'] })).to.equal(false);
      expect(factsAnswer({ bbox: { west: 0, south: 0, east: 1, north: 1 }, hours: { start: 1, end: 2 }, agencies: ['police'], areaId: 'a' })).to.equal(true);
    });
    it('when hours or agencies are filtered, then the cube does not answer; weekdays alone it does', () => {
      expect(cubeAnswers({ from: midnight, hours: { start: 1, end: 2 } }, LONDON)).to.equal(undefined);
      expect(cubeAnswers({ from: midnight, agencies: ['police'] }, LONDON)).to.equal(undefined);
      expect(cubeAnswers({ from: midnight, days: ['fri'], categories: ['other'] }, LONDON)).to.deep.equal({ from: 20636 });
    });
    it('when the hour counts have a place, then they are not the answer', () => {
      expect(hoursAnswer({ bbox: { west: 0, south: 0, east: 1, north: 1 } }, LONDON)).to.equal(undefined);
      expect(hoursAnswer({ hours: { start: 22, end: 4 }, days: ['fri'] }, LONDON)).to.deep.equal({});
    });
    it('when one agency or model filter is set without a category or place, then the marginal hour counts answer it', () => {
      expect(hourMarginalAnswer({ from: midnight, agencies: ['police', 'health'], hours: { start: 22, end: 4 } }, LONDON)).to.deep.equal({ days: { from: 20636 }, dim: 'agencies' });
      expect(hourMarginalAnswer({ models: ['party'], days: ['sat'] }, LONDON)).to.deep.equal({ days: {}, dim: 'models' });
      // Not crossed with each other or with categories; nor any place, nor a period cut mid-day.
      expect(hourMarginalAnswer({ agencies: ['police'], models: ['party'] }, LONDON)).to.equal(undefined);
      expect(hourMarginalAnswer({ agencies: ['police'], categories: ['other'] }, LONDON)).to.equal(undefined);
      expect(hourMarginalAnswer({ agencies: ['police'], bbox: { west: 0, south: 0, east: 1, north: 1 } }, LONDON)).to.equal(undefined);
      expect(hourMarginalAnswer({ agencies: ['police'], from: new Date('2026-07-02T12:00:00Z') }, LONDON)).to.equal(undefined);
      expect(hourMarginalAnswer({ hours: { start: 22, end: 4 } }, LONDON)).to.equal(undefined);
    });
    it('when squares are a whole number of 250 m a side over a range of 1,024 or more, under the cube filters, then the cube squares answer', () => {
      // The town at 250 m: 90 × 60 squares; a 1 km view at 250 m: 16.
      expect(bngSquaresAnswer({ from: midnight, categories: ['other'] }, LONDON, 250, 5400)).to.deep.equal({ from: 20636 });
      expect(bngSquaresAnswer({ days: ['sat'] }, LONDON, 32_000, 1024)).to.deep.equal({});
      expect(bngSquaresAnswer({}, LONDON, 250, 1023)).to.equal(undefined);
      expect(bngSquaresAnswer({}, LONDON, 300, 5400)).to.equal(undefined);
      expect(bngSquaresAnswer({}, LONDON, 125, 5400)).to.equal(undefined);
      expect(bngSquaresAnswer({ models: ['party'] }, LONDON, 250, 5400)).to.equal(undefined);
      expect(bngSquaresAnswer({ from: new Date('2026-07-02T12:00:00Z') }, LONDON, 250, 5400)).to.equal(undefined);
    });
  });

  describe('innerCells and edgeStrips', () => {
    it('when a 3° square at the origin is cut in 100 km cells, then cells 1-2 each way lie inside it with the margin', () => {
      // x: 111319.49 m a degree, so 3° is 333,958 m: cells 0 and 3 touch an edge. y: 3° is 334,111 m north.
      expect(innerCells({ west: 0, south: 0, east: 3, north: 3 }, 100_000)).to.deep.equal({ ix0: 1, ix1: 2, iy0: 1, iy1: 2 });
    });
    it('when the bbox is smaller than a cell, then no cell is inside', () => {
      expect(innerCells({ west: 0, south: 0, east: 1, north: 1 }, 200_000)).to.equal(undefined);
    });
    it('when the inner cells are known, then four strips cover the rest of the bbox, reaching a little into them', () => {
      const strips = edgeStrips({ west: 0, south: 0, east: 3, north: 3 }, { ix0: 1, ix1: 2, iy0: 1, iy1: 2 }, 100_000);
      expect(strips).to.have.length(4);
      expect(strips[0]!.east).to.be.closeTo(100_000 / 111_319.490_793_273_57, 2e-5);
      expect(strips[1]!.west).to.be.closeTo(300_000 / 111_319.490_793_273_57, 2e-5);
    });
  });

  it('codesOf gives positions from 1, as the migration stores them', () => {
    expect(codesOf(['a', 'b', 'c'], ['c', 'a'])).to.deep.equal([3, 1]);
  });
});

describe('cubeLevel', () => {
  const gridSize = (z: number) => (156_543.033_928_040_97 * 8) / 2 ** z;
  const settings = { timeZone: 'Europe/London', categories: [], agencies: [], models: [], sensitive: [], cubeLevels: [8, 10] };
  it('when zoom 9 is asked and the cube keeps 8 and 10, then level 10 merged once', () => {
    expect(cubeLevel(settings, gridSize(9), gridSize)).to.deep.equal({ level: 10, shift: 1 });
  });
  it('when zoom 8 or 10 is asked, then its own level; zoom 7 from level 8 merged once; zoom 11 has none', () => {
    expect(cubeLevel(settings, gridSize(8), gridSize)).to.deep.equal({ level: 8, shift: 0 });
    expect(cubeLevel(settings, gridSize(10), gridSize)).to.deep.equal({ level: 10, shift: 0 });
    expect(cubeLevel(settings, gridSize(7), gridSize)).to.deep.equal({ level: 8, shift: 1 });
    expect(cubeLevel(settings, gridSize(11), gridSize)).to.equal(undefined);
  });

  describe('cubeNamesSingles', () => {
    // 2026-11-28 is day 20785 since 1970-01-01.
    const today = 20785;
    it('when zoom 12\'s level would name the cells of one for a period under 90 days, then it does not (the facts name them in one pass)', () => {
      expect(cubeNamesSingles(12, { from: today - 89, to: today }, today)).to.equal(false);
      expect(cubeNamesSingles(12, { from: today - 7 }, today)).to.equal(false);
    });
    it('when the period is 90 days or more, open at its start, or the level is coarser, then it does', () => {
      expect(cubeNamesSingles(12, { from: today - 90, to: today }, today)).to.equal(true);
      expect(cubeNamesSingles(12, { to: today }, today)).to.equal(true);
      expect(cubeNamesSingles(12, {}, today)).to.equal(true);
      expect(cubeNamesSingles(12, { from: today - 100 }, today)).to.equal(true);
      expect(cubeNamesSingles(10, { from: today - 7, to: today }, today)).to.equal(true);
      expect(cubeNamesSingles(8, { from: today - 1, to: today }, today)).to.equal(true);
    });
  });

  describe('weekdaysByHour', () => {
    it('when a night window crosses midnight on a Friday, then 22:00 and 23:00 keep Friday and 00:00 and 01:00 keep Saturday', () => {
      const byHour = weekdaysByHour(hourOfWeekSlots({ start: 22, end: 2 }, ['fri']));
      expect(byHour[22]).to.deep.equal([4]);
      expect(byHour[23]).to.deep.equal([4]);
      expect(byHour[0]).to.deep.equal([5]);
      expect(byHour[1]).to.deep.equal([5]);
      expect(byHour.filter((d) => d.length === 0)).to.have.length(20);
    });

    it('when only weekdays are kept, then every hour keeps those weekdays; when only hours, every weekday at those hours', () => {
      const weekend = weekdaysByHour(hourOfWeekSlots(undefined, ['sat', 'sun']));
      expect(weekend.every((d) => d.length === 2 && d[0] === 5 && d[1] === 6)).to.equal(true);
      const evenings = weekdaysByHour(hourOfWeekSlots({ start: 18, end: 20 }, undefined));
      expect(evenings[18]).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
      expect(evenings[19]).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
      expect(evenings[20]).to.deep.equal([]);
    });
  });
});
