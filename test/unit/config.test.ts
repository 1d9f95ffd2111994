import { expect } from 'chai';
import { ConfigError, demoEnabled, describeConfig, loadConfig } from '../../server/config.js';

describe('config', () => {
  it('when nothing is set, then the defaults apply: port 3000 on 127.0.0.1, London time, Great Britain', () => {
    const c = loadConfig({});
    expect(c).to.include({ port: 3000, host: '127.0.0.1', timeZone: 'Europe/London', databaseUrl: undefined });
    expect(c.operatingArea).to.deep.equal({ west: -8.75, south: 49.8, east: 1.9, north: 60.95 });
    expect(demoEnabled(c)).to.equal(true);
  });
  it('when DATABASE_URL is set, then the demo is off unless LANTERN_DEMO=1', () => {
    expect(demoEnabled(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }))).to.equal(false);
    expect(demoEnabled(loadConfig({ DATABASE_URL: 'postgres://x@h/db', LANTERN_DEMO: '1' }))).to.equal(true);
    expect(demoEnabled(loadConfig({ LANTERN_DEMO: '0' }))).to.equal(false);
  });
  it('when several variables are bad, then the error names each of them and its value', () => {
    try {
      loadConfig({ PORT: 'eighty', LANTERN_TIMEZONE: 'Mars/Olympus', LANTERN_OPERATING_AREA: '1,2,3', DATABASE_URL: 'mysql://x' });
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).to.deep.equal(['DATABASE_URL', 'LANTERN_OPERATING_AREA', 'LANTERN_TIMEZONE', 'PORT']);
      expect((err as Error).message).to.include('PORT="eighty"');
    }
  });
  it('when a port is out of range, then it is refused', () => {
    expect(() => loadConfig({ PORT: '70000' })).to.throw(ConfigError, /PORT/);
  });
  it('when the config is described, then the database password is hidden', () => {
    const text = describeConfig(loadConfig({ DATABASE_URL: 'postgres://lantern:s3cret@db:5432/lantern' }));
    expect(text).to.include('postgres://lantern:***@db:5432/lantern').and.not.include('s3cret');
  });
});
