import { expect } from 'chai';
import { createRandom, deriveSeed, weighted } from '../../../seeds/demo/random.js';

describe('seeds/demo/random', () => {
  it('when two sources share a seed, then they give the same numbers; another seed gives others', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).to.deep.equal(xs);
    expect(Array.from({ length: 50 }, () => c.next())).to.not.deep.equal(xs);
    for (const x of xs) expect(x).to.be.within(0, 1 - Number.EPSILON);
  });

  it('when asked for a UUID, then it is version 4 with the RFC 4122 variant and reproducible', () => {
    const u = createRandom(7).uuid();
    expect(u).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createRandom(7).uuid()).to.equal(u);
  });

  it('when drawing normals, then their mean is near 0 and their spread near 1', () => {
    const rng = createRandom(1);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).to.be.closeTo(0, 0.03);
    expect(sd).to.be.closeTo(1, 0.03);
  });

  it('when drawing with weights 3:1, then the first comes about three times as often; a zero weight never', () => {
    const rng = createRandom(5);
    const w = weighted(['a', 'b', 'never'], [3, 1, 0]);
    const n = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 20_000; i++) n[w.draw(rng) as keyof typeof n]++;
    expect(n.a / n.b).to.be.closeTo(3, 0.2);
    expect(n.never).to.equal(0);
  });

  it('when weights do not match the items or are all zero, then it says so', () => {
    expect(() => weighted(['a'], [1, 2])).to.throw(/one weight per item/);
    expect(() => weighted(['a'], [0])).to.throw(/positive weight/);
    expect(() => weighted(['a'], [-1])).to.throw(/non-negative/);
  });

  it('when seeds are derived for different parts, then they differ and are stable', () => {
    expect(deriveSeed(1, 'premises')).to.equal(deriveSeed(1, 'premises'));
    expect(deriveSeed(1, 'premises')).to.not.equal(deriveSeed(1, 'vehicles'));
    expect(deriveSeed(1, 'premises')).to.not.equal(deriveSeed(2, 'premises'));
  });
});
