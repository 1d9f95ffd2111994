import { expect } from 'chai';
import { NO_FILTERS } from '../../../client/src/map/filterState.js';
import {
  DEFAULT_HEAT,
  DEFAULT_LAYERS,
  DEFAULT_STATE,
  formatMapUrl,
  formatPosition,
  parseMapUrl,
  parsePosition,
  type MapUrlState,
} from '../../../client/src/map/urlState.js';

describe('client/map/urlState', () => {
  it('when the query is empty, then the view is the default one and writes back as ""', () => {
    const { state, problems } = parseMapUrl('');
    expect(state).to.deep.equal(DEFAULT_STATE);
    expect(problems).to.deep.equal([]);
    expect(formatMapUrl(state)).to.equal('');
  });

  it('when a link names every filter, then each is read and the link is written back the same', () => {
    const link =
      '?from=2026-01-01&to=2026-03-31&hours=22-2&days=fri,sat&category=adult_loitering,party_address' +
      '&model=on_street&agency=police,health&indicator=cash_payment_short_stay&layers=areas,heat&heat=30/1.5&map=13.00/53.57800/-2.42900';
    const { state, problems } = parseMapUrl(link);
    expect(problems).to.deep.equal([]);
    expect(state).to.deep.equal({
      filters: {
        from: '2026-01-01',
        to: '2026-03-31',
        hours: { start: 22, end: 2 },
        days: ['fri', 'sat'],
        category: ['adult_loitering', 'party_address'],
        model: ['on_street'],
        agency: ['police', 'health'],
        indicator: ['cash_payment_short_stay'],
      },
      layers: ['areas', 'heat'],
      heat: { radius: 30, intensity: 1.5 },
      position: { zoom: 13, lat: 53.578, lon: -2.429 },
      record: null,
    } satisfies MapUrlState);
    expect(formatMapUrl(state)).to.equal(link);
  });

  it('when the hour window wraps midnight, then it is kept as start-end with the end exclusive (22-2)', () => {
    expect(parseMapUrl('hours=22-2').state.filters.hours).to.deep.equal({ start: 22, end: 2 });
    expect(parseMapUrl('hours=18-0').state.filters.hours, 'midnight as an end is 24').to.deep.equal({ start: 18, end: 24 });
    expect(parseMapUrl('hours=0-24').state.filters.hours, 'the whole day filters nothing').to.equal(null);
  });

  it('when values repeat, come in another order or in capitals, then the link is normalised to the vocabulary order', () => {
    const { state } = parseMapUrl('?days=SAT,fri,sat&agency=public,police');
    expect(state.filters.days).to.deep.equal(['fri', 'sat']);
    expect(state.filters.agency).to.deep.equal(['police', 'public']);
    expect(formatMapUrl(state)).to.equal('?days=fri,sat&agency=police,public');
  });

  it('when every weekday is ticked, then the days filter nothing and leave the link', () => {
    const { state } = parseMapUrl('?days=mon,tue,wed,thu,fri,sat,sun');
    expect(state.filters.days).to.deep.equal([]);
    expect(formatMapUrl(state)).to.equal('');
  });

  it('when values are bad, then they are left out and each is named, and the rest of the link still works', () => {
    const { state, problems } = parseMapUrl('?from=2026-02-30&hours=5-5&days=fri,fry&category=nope&layers=heat,roads&map=13/95/0&heat=100/1');
    expect(state.filters).to.deep.equal({ ...NO_FILTERS, days: ['fri'] });
    expect(state.layers).to.deep.equal(['heat']);
    expect(state.position).to.equal(null);
    expect(state.heat).to.deep.equal(DEFAULT_HEAT);
    expect(problems).to.have.length(7);
    expect(problems.join(' | ')).to.include('"2026-02-30"').and.include('"fry"').and.include('"nope"').and.include('"roads"').and.include('latitude');
  });

  it('when to is before from, then to is dropped and the problem named', () => {
    const { state, problems } = parseMapUrl('?from=2026-05-01&to=2026-04-01');
    expect(state.filters.from).to.equal('2026-05-01');
    expect(state.filters.to).to.equal(null);
    expect(problems[0]).to.match(/^to: 2026-04-01 is before from 2026-05-01/);
  });

  it('when the link lists no layers, then the map shows none; without the parameter it shows the defaults', () => {
    expect(parseMapUrl('?layers=').state.layers).to.deep.equal([]);
    expect(formatMapUrl({ ...DEFAULT_STATE, layers: [] })).to.equal('?layers=');
    expect(parseMapUrl('?hours=22-2').state.layers).to.deep.equal(DEFAULT_LAYERS);
  });

  it('when layers are toggled in any order, then the link lists them in drawing order', () => {
    expect(formatMapUrl({ ...DEFAULT_STATE, layers: ['clusters', 'choropleth', 'areas'] })).to.equal('?layers=areas,choropleth,clusters');
  });

  it('when the map has been panned round the world, then the longitude is wrapped and the latitude clamped', () => {
    expect(parsePosition('4/89/190')).to.deep.equal({ zoom: 4, lat: 85.0511, lon: -170 });
    expect(parsePosition('4/10/-180')).to.deep.equal({ zoom: 4, lat: 10, lon: -180 });
    expect(parsePosition('12/53.5')).to.match(/zoom\/lat\/lon/);
    expect(parsePosition('23/53.5/-2.4')).to.match(/zoom must be 0–22/);
    expect(formatPosition({ zoom: 12.3456, lat: 53.123456789, lon: -2.5 })).to.equal('12.35/53.12346/-2.50000');
  });

  it('when a link names an open record, then its id is read, written back last, and a malformed one is named and dropped', () => {
    const id = '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4';
    const { state, problems } = parseMapUrl(`?layers=areas&record=${id.toUpperCase()}`);
    expect(problems).to.deep.equal([]);
    expect(state.record).to.equal(id);
    expect(formatMapUrl(state)).to.equal(`?layers=areas&record=${id}`);
    expect(formatMapUrl({ ...DEFAULT_STATE, record: id, position: { zoom: 13, lat: 53.578, lon: -2.429 } })).to.equal(`?map=13.00/53.57800/-2.42900&record=${id}`);

    const bad = parseMapUrl('?record=../admin');
    expect(bad.state.record).to.equal(null);
    expect(bad.problems).to.deep.equal(['record: "../admin" is not a record id']);
    expect(parseMapUrl('?record=').state.record).to.equal(null);
  });
});
