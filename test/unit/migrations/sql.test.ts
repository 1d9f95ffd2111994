import { expect } from 'chai';
import { splitStatements } from '../../../migrations/sql.js';

describe('migrations/sql', () => {
  it('when a script has statements and a function body with semicolons, then it splits only between statements', () => {
    const script = `
      create table a (id int); -- first
      create function f() returns trigger language plpgsql as $$
      begin
        new.x := 1;
        return new;
      end $$;
      create index i on a (id);
    `;
    const parts = splitStatements(script);
    expect(parts).to.have.length(3);
    expect(parts[1]).to.match(/^create function/).and.match(/return new;\n\s*end \$\$$/);
    expect(parts[2]).to.equal('create index i on a (id)');
  });
});
