import { expect } from 'chai';
import { seedDemo } from '../../../seeds/demo/index.js';
import { demoPresent } from '../../../seeds/demo/repo.js';
import { signIn, testApp, type Session, type TestApp } from '../../support/app.js';

const NOW = new Date('2026-11-28T12:00:00Z');

/**
 * The demo town's disruption plans, evaluated through the API as a user would.
 * Seeds the demo as test/api/seeds/demo.test.ts does, unless it is already loaded.
 */
describe('demo disruption plans', () => {
  let t: TestApp;
  let analyst: Session;
  let byName: Map<string, { id: string; properties: { status: string; kind: string; actions: { status: string; overdue: boolean }[] } }>;

  before(async function () {
    this.timeout(180_000);
    t = await testApp();
    if (!(await demoPresent(t.db.knex))) await seedDemo(t.db, { sightings: 3000, now: NOW, seed: 1 });
    analyst = await signIn(t, 'analyst');
    const r = await analyst.agent.get('/api/disruption/targets').expect(200);
    byName = new Map(r.body.features.filter((f: { properties: { synthetic: boolean } }) => f.properties.synthetic).map((f: { properties: { name: string } }) => [f.properties.name, f]));
  });

  const evaluation = async (name: string) => {
    const target = byName.get(name);
    expect(target, `demo target "${name}"`).to.not.equal(undefined);
    return (await analyst.agent.get(`/api/disruption/targets/${target!.id}/evaluation`).expect(200)).body;
  };

  it('when the Halliwell takeaway plan is evaluated, then a significant fall against the rest of Halliwell and no displacement', async () => {
    const name = 'Brass Lamp Grill, Halliwell (synthetic)';
    expect(byName.get(name)!.properties).to.include({ status: 'completed', kind: 'premises' });
    const e = await evaluation(name);
    expect(e.control.label).to.equal('the rest of Halliwell');
    expect(e.windows.after.complete).to.equal(true);
    expect(e.did.direction).to.equal('fall');
    expect(e.did.high).to.be.below(0);
    expect(e.verdict).to.include({ effect: 'fall', displacement: 'none' });
    expect(e.verdict.text).to.match(/sightings fell \d+ % in the target against .* the rest of Halliwell/);
    expect(e.verdict.text).to.contain('no sign of displacement into the surrounding 500 m');
  });

  it('when the Breightmet plan is evaluated, then the target fell and the 250–500 m ring shows displacement', async () => {
    const name = 'Moss Row shops and play area, Breightmet (synthetic)';
    expect(byName.get(name)!.properties).to.include({ status: 'completed', kind: 'polygon' });
    const e = await evaluation(name);
    expect(e.control.label).to.equal('the rest of Breightmet');
    expect(e.did.direction).to.equal('fall');
    expect(e.ring.did.direction).to.equal('rise');
    expect(e.wdq.value).to.be.below(0);
    expect(e.verdict).to.include({ effect: 'fall', displacement: 'displacement' });
  });

  it('when the board is read, then the taxi rank plan is open with an overdue action', () => {
    const rank = byName.get('Placeholder Lane taxi rank (synthetic)');
    expect(rank!.properties.status).to.equal('open');
    expect(rank!.properties.actions.filter((a) => a.overdue)).to.have.length(1);
  });
});
