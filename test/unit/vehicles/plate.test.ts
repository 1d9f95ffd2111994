import { expect } from 'chai';
import { normalisePlate, plateFormat } from '../../../server/vehicles/plate.js';

describe('vehicles/plate', () => {
  it('when typed with spaces, punctuation or lower case, then the same plate comes back', () => {
    for (const typed of ['ab12 cde', 'AB12CDE', ' ab12cde ', 'AB-12-CDE']) expect(normalisePlate(typed), typed).to.equal('AB12CDE');
  });
  it('when only punctuation is typed, or too much, then there is no plate', () => {
    expect(normalisePlate('--  ..')).to.equal(undefined);
    expect(normalisePlate('ABCDEFGHIJK')).to.equal(undefined);
  });
  it('when UK series are given, then they are recognised; others are allowed as other', () => {
    expect(plateFormat('AB12CDE')).to.equal('current');
    expect(plateFormat('A123BCD')).to.equal('prefix');
    expect(plateFormat('ABC123D')).to.equal('suffix');
    expect(plateFormat('AIZ1234')).to.equal('northern_ireland');
    expect(plateFormat('1ABC')).to.equal('dateless');
    expect(plateFormat('WZ12345X')).to.equal('other');
  });
});
