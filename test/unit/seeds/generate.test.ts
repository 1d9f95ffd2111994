import { expect } from 'chai';
import { area, booleanPointInPolygon, point, polygon } from '@turf/turf';
import { PREMISES_CATEGORIES } from '../../../server/lists.js';
import { buildTown, fictionalPlate } from '../../../seeds/demo/generate.js';
import { distanceM, inTown } from '../../../seeds/demo/geometry.js';
import { createRandom } from '../../../seeds/demo/random.js';
import { HOT_SPOTS, OUTLINE, TOWN_CENTRE, WARD_CENTRES } from '../../../seeds/demo/town.js';

const POSTCODE = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/;

describe('seeds/demo/generate', () => {
  const town = buildTown(1);
  const wards = town.areas.filter((a) => a.kind === 'ward');
  const outline = polygon([OUTLINE.map((p) => [p[0], p[1]])]);

  it('when the town is built twice from one seed, then it is the same town; another seed moves it', () => {
    expect(buildTown(1)).to.deep.equal(town);
    const other = buildTown(2);
    expect(other.premises.map((p) => p.lon)).to.not.deep.equal(town.premises.map((p) => p.lon));
  });

  it('when the wards are drawn, then there is one per Bolton ward name, each holding its own centre', () => {
    expect(wards.length).to.be.at.least(15);
    expect(wards.map((w) => w.name)).to.deep.equal(WARD_CENTRES.map((w) => w.name));
    for (const [i, w] of wards.entries()) {
      const c = WARD_CENTRES[i]!.centre;
      expect(booleanPointInPolygon(point([c[0], c[1]]), w.geometry), w.name).to.equal(true);
    }
  });

  it('when the wards are drawn, then together they tile the outline: their areas add up to it', () => {
    const total = wards.reduce((s, w) => s + area(w.geometry), 0);
    expect(total / area(outline)).to.be.closeTo(1, 1e-6);
    // About 15 km across: between 120 and 260 km².
    expect(total / 1e6).to.be.within(120, 260);
  });

  it('when the wards are drawn, then each has a synthetic population of 9,000–16,000 in tens, so the choropleth can give rates per 1,000', () => {
    for (const w of wards) {
      expect(w.population, w.name).to.be.within(9000, 16000);
      expect(w.population! % 10, w.name).to.equal(0);
    }
    expect(new Set(wards.map((w) => w.population)).size).to.be.above(wards.length / 2);
    expect(town.areas.filter((a) => a.kind !== 'ward').every((a) => a.population === undefined)).to.equal(true);
  });

  it('when known hot spots are drawn, then each persistent hot spot has an area and the emerging one has none', () => {
    const hotspots = town.areas.filter((a) => a.kind === 'hotspot');
    expect(hotspots).to.have.length(HOT_SPOTS.filter((h) => !h.emergingDays).length);
    expect(town.areas.filter((a) => a.kind === 'patrol_zone')).to.have.length(1);
  });

  it('when premises are made, then there are at least 200 across the 8 street categories, all inside the town', () => {
    expect(town.premises.length).to.be.at.least(200);
    // Children's homes, schools and refuges come with the people story (seeds/demo/people.ts), not the street.
    const street = PREMISES_CATEGORIES.filter((c) => !['children_home', 'school', 'refuge'].includes(c));
    expect(new Set(town.premises.map((p) => p.category))).to.deep.equal(new Set(street));
    for (const p of town.premises) expect(inTown(p.lon, p.lat), p.name).to.equal(true);
  });

  it('when premises are made, then they crowd the town centre: far more within 2 km than its share of the land', () => {
    const near = town.premises.filter((p) => distanceM([p.lon, p.lat], TOWN_CENTRE) < 2000).length;
    const landShare = (Math.PI * 2000 ** 2) / area(outline);
    expect(near / town.premises.length).to.be.above(4 * landShare);
  });

  it('when premises are named, then every name and address says synthetic and every postcode is well formed but unreal', () => {
    for (const p of town.premises) {
      expect(p.name).to.match(/\(synthetic\)$/);
      expect(p.address).to.match(/, Bolton \(synthetic\)$/);
      expect(p.postcode).to.match(POSTCODE);
      // C, I, K, M, O and V never appear in a real inward code's unit letters.
      expect(p.postcode).to.match(/^BL\d [1-9][CIKMOV]{2}$/);
      expect(p.externalRef).to.match(/^SYN-PREM-\d{4}$/);
    }
    expect(new Set(town.premises.map((p) => p.name)).size).to.equal(town.premises.length);
  });

  it('when premises are licensed, then they have a SYN-LIC reference and a status; unlicensed ones have neither', () => {
    const licensed = town.premises.filter((p) => p.licenceRef !== null);
    expect(licensed.length).to.be.above(100);
    for (const p of licensed) {
      expect(p.licenceRef).to.match(/^SYN-LIC-\d{4}$/);
      expect(p.licenceStatus).to.not.equal('none');
    }
    for (const p of town.premises.filter((q) => q.licenceRef === null)) expect(p.licenceStatus).to.equal('none');
    expect(new Set(licensed.map((p) => p.licenceStatus)).size).to.be.at.least(4);
  });

  it('when vehicles are made, then there are at least 150 with unique plates no DVLA series could issue', () => {
    expect(town.vehicles.length).to.be.at.least(150);
    for (const v of town.vehicles) {
      expect(v.plate).to.match(/^[A-Z0-9]{1,10}$/);
      expect(v.plate).to.match(/^ZZ\d{2}S[A-Z]{2}$/);
    }
    expect(new Set(town.vehicles.map((v) => v.plate)).size).to.equal(town.vehicles.length);
  });

  it('when vehicles have an operator, then it is one of the private hire operators', () => {
    const operators = new Set(town.premises.filter((p) => p.category === 'private_hire_operator').map((p) => p.id));
    const operated = town.vehicles.filter((v) => v.operatorId !== null);
    expect(operated.length).to.be.above(100);
    for (const v of operated) expect(operators.has(v.operatorId!)).to.equal(true);
    expect(town.vehicles.some((v) => v.operatorId === null)).to.equal(true);
  });

  it('when a plate is asked for beyond the letters available, then it refuses by index', () => {
    expect(() => fictionalPlate(createRandom(1), 10_000)).to.throw(/plate index must be/);
  });
});
