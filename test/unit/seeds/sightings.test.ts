import { expect } from 'chai';
import { buildTown } from '../../../seeds/demo/generate.js';
import { distanceM, inTown } from '../../../seeds/demo/geometry.js';
import { generateSightings, type SightingSeed } from '../../../seeds/demo/sightings.js';
import { HOT_SPOTS } from '../../../seeds/demo/town.js';
import { GROOMING_MODELS, MAKESAFE_INDICATORS, SIGHTING_CATEGORIES, SOURCE_AGENCIES } from '../../../server/lists.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;

/** Read London wall-clock parts independently of the generator's own arithmetic. */
const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'short',
});
function local(iso: string) {
  const p = Object.fromEntries(london.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, month: Number(p.month), hour: Number(p.hour), weekday: p.weekday! };
}

describe('seeds/demo/sightings', () => {
  const town = buildTown(1);
  const rows: SightingSeed[] = [...generateSightings(town, { count: 20_000, now: NOW, seed: 1 })];
  const lounge = HOT_SPOTS.find((h) => h.emergingDays)!;

  it('when generated twice with the same seed and now, then the rows are identical; another seed differs', () => {
    const again = [...generateSightings(town, { count: 500, now: NOW, seed: 1 })];
    expect(again).to.deep.equal(rows.slice(0, 500));
    const other = [...generateSightings(town, { count: 500, now: NOW, seed: 2 })];
    expect(other.map((r) => r.observedAt)).to.not.deep.equal(again.map((r) => r.observedAt));
  });

  it('when generated, then it yields exactly the count asked for, one at a time', () => {
    const it = generateSightings(town, { count: 3, now: NOW, seed: 1 });
    expect(it.next().done).to.equal(false);
    expect([...it]).to.have.length(2);
    expect([...generateSightings(town, { count: 0, now: NOW, seed: 1 })]).to.have.length(0);
  });

  it('when generated, then most sightings (>= 60 %) fall between 18:00 and 03:00 London time', () => {
    const night = rows.filter((r) => {
      const h = local(r.observedAt).hour;
      return h >= 18 || h < 3;
    }).length;
    expect(night / rows.length).to.be.at.least(0.6);
  });

  it('when generated, then Friday and Saturday each clearly exceed the Monday–Thursday mean', () => {
    const by: Record<string, number> = {};
    for (const r of rows) by[local(r.observedAt).weekday] = (by[local(r.observedAt).weekday] ?? 0) + 1;
    const weekday = (by.Mon! + by.Tue! + by.Wed! + by.Thu!) / 4;
    expect(by.Fri! / weekday).to.be.above(1.3);
    expect(by.Sat! / weekday).to.be.above(1.3);
  });

  it('when generated, then summer (June–August) has more sightings than winter (December–February)', () => {
    const summer = rows.filter((r) => [6, 7, 8].includes(local(r.observedAt).month)).length;
    const winter = rows.filter((r) => [12, 1, 2].includes(local(r.observedAt).month)).length;
    expect(summer / winter).to.be.above(1.3);
  });

  it('when generated, then the emerging hot spot appears only in the last week', () => {
    const start = NOW.getTime() - 7 * DAY;
    const emerging = rows.filter((r) => r.origin === lounge.key);
    expect(emerging.length).to.be.above(50);
    for (const r of emerging) expect(Date.parse(r.observedAt)).to.be.at.least(start);
    // Seen from the map: within 200 m of it, the last week dwarfs the two years before (per day).
    const near = rows.filter((r) => distanceM([r.lon, r.lat], lounge.centre) < 200);
    const recent = near.filter((r) => Date.parse(r.observedAt) >= start).length / 7;
    const before = near.filter((r) => Date.parse(r.observedAt) < start).length / (730 - 7);
    expect(recent).to.be.above(10 * before);
  });

  it('when generated, then each persistent hot spot holds many sightings within 300 m all through the two years', () => {
    const first = rows.filter((r) => Date.parse(r.observedAt) < NOW.getTime() - 365 * DAY);
    for (const h of HOT_SPOTS.filter((s) => !s.emergingDays)) {
      const within = (rs: SightingSeed[]) => rs.filter((r) => distanceM([r.lon, r.lat], h.centre) < 300).length;
      expect(within(rows) / rows.length, h.key).to.be.above(h.share * 0.8);
      expect(within(first), `${h.key} in the first year`).to.be.above(h.share * first.length * 0.6);
    }
  });

  it('when generated, then every point lies inside the town outline', () => {
    for (const r of rows) expect(inTown(r.lon, r.lat)).to.equal(true);
  });

  it('when generated, then times lie in the 24 months before now and reports follow observations', () => {
    for (const r of rows) {
      const o = Date.parse(r.observedAt);
      const rep = Date.parse(r.reportedAt);
      expect(o).to.be.within(NOW.getTime() - 731 * DAY, NOW.getTime());
      expect(rep).to.be.within(o, NOW.getTime());
    }
  });

  it('when generated, then review is due six years after the London date observed, one year for E-assessed', () => {
    for (const r of rows.slice(0, 2000)) {
      const { date } = local(r.observedAt);
      const next = `${Number(date.slice(0, 4)) + (r.intelAssessment === 'E' ? 1 : 6)}${date.slice(4)}`;
      expect(r.reviewDue).to.equal(next.endsWith('-02-29') ? `${next.slice(0, 4)}-02-28` : next);
    }
  });

  it('when generated, then every record is marked synthetic and uses only the shared vocabularies', () => {
    const refs = new Set<string>();
    for (const r of rows) {
      expect(r.narrative.startsWith('SYNTHETIC DEMO RECORD: ')).to.equal(true);
      expect(SIGHTING_CATEGORIES).to.include(r.category);
      expect(GROOMING_MODELS).to.include(r.groomingModel);
      expect(SOURCE_AGENCIES).to.include(r.sourceAgency);
      expect(r.precisionM).to.be.within(10, 250);
      for (const s of r.subjectRefs) expect(s).to.match(/^SYN-SUBJ-\d{4}$/);
      expect(r.externalRef).to.match(/^SYN-\d{7}$/);
      refs.add(r.externalRef);
    }
    expect(refs.size).to.equal(rows.length);
  });

  it('when graded, then most are 2/B-C/P and some carry handling code C', () => {
    const share = (f: (r: SightingSeed) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r.sourceEval === 2)).to.be.above(0.5);
    expect(share((r) => r.intelAssessment === 'B' || r.intelAssessment === 'C')).to.be.above(0.6);
    expect(share((r) => r.handlingCode === 'C')).to.be.within(0.05, 0.3);
  });

  it('when near a hot spot premises or about a vehicle, then some name the premises or the vehicle', () => {
    const premisesIds = new Set(town.premises.map((p) => p.id));
    const vehicleIds = new Set(town.vehicles.map((v) => v.id));
    const takeaway = town.premises.find((p) => p.key === 'takeaway')!;
    const atTakeaway = rows.filter((r) => r.origin === 'takeaway');
    const linked = atTakeaway.filter((r) => r.premisesId === takeaway.id).length / atTakeaway.length;
    expect(linked).to.be.within(0.3, 0.6);
    const vehicular = rows.filter((r) => r.category === 'vehicle_of_interest');
    expect(vehicular.filter((r) => r.vehicleId).length / vehicular.length).to.be.within(0.3, 0.7);
    for (const r of rows) {
      if (r.premisesId) expect(premisesIds.has(r.premisesId)).to.equal(true);
      if (r.vehicleId) expect(vehicleIds.has(r.vehicleId)).to.equal(true);
    }
  });

  it('when at a premises, then some record Makesafe signs that fit its kind; away from premises, none', () => {
    const kind = new Map(town.premises.map((p) => [p.id, p.category]));
    const linked = rows.filter((r) => r.premisesId);
    for (const r of linked) {
      const fits = MAKESAFE_INDICATORS.filter((i) => (i.appliesTo as readonly string[]).includes(kind.get(r.premisesId!)!)).map((i) => i.code);
      for (const code of r.indicators) expect(fits, r.premisesId!).to.include(code);
    }
    expect(linked.filter((r) => r.indicators.length > 0).length / linked.length).to.be.within(0.25, 0.65);
    for (const r of rows.filter((x) => x.origin === 'uniform' || x.origin === 'settlement')) expect(r.indicators).to.deep.equal([]);
  });
});
