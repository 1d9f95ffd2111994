import { formatCount } from '../../format';
import { TableHead } from '../../components/Table';
import { PREMISES_CATEGORY_LABELS } from '../../../../server/labels';
import type { Remote } from '../../useRemote';
import type { PlacesCollection, StudyArea } from './api';
import './hotspots.css';

interface Props {
  study: StudyArea | null;
  result: Remote<PlacesCollection>;
  /** Fly the map to a place. */
  onShow: (lngLat: [number, number]) => void;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
const n = (x: number | string) => (typeof x === 'number' ? formatCount(x) : x);

/**
 * Repeat places, the 80/20 view: the places ranked by sightings with their share and
 * the running share, headed "these N places hold 50 % of sightings in …". A row's
 * button flies the map to the place.
 */
export function RepeatPlaces({ study, result, onShow }: Props) {
  const data = result.data;
  if (result.error) return <p className="message message--info">The repeat places could not be ranked: {result.error.detail}</p>;
  if (!data) return <p className="legend__note">Ranking places…</p>;
  const s = data.summary;
  const where = study?.name ?? 'the study area';
  const label = (p: PlacesCollection['features'][number]['properties']) =>
    p.name ?? (p.kind === 'cell' ? `${data.params.locationCell} m square` : `Street location (${data.params.locationCell} m)`);
  return (
    <div className="repeat-places" data-testid="repeat-places">
      <p className="repeat-places__headline">
        {s.placesFor50 === null
          ? `No small set of places holds half of the ${n(s.total)} sightings in ${where}.`
          : `These ${n(s.placesFor50)} place${s.placesFor50 === 1 ? '' : 's'} hold 50 % of sightings in ${where}`}
        {s.placesFor50 !== null && s.placesFor80 !== null && `; ${n(s.placesFor80)} hold 80 %.`}
      </p>
      <p className="legend__note">
        {n(s.total)} sightings at {n(s.places)} places
        {data.params.radius !== null ? `: premises by name (sightings linked to them or within ${data.params.radius} m), other sightings by street location` : ', counted by grid square'}
        . Select a place to see it on the map.
      </p>
      <div className="table-wrap repeat-places__scroll">
        <table className="table repeat-places__table">
          <caption className="visually-hidden">Repeat places in {where}, busiest first</caption>
          <TableHead columns={['#', 'Place', 'Sightings', 'Share', 'Running']} />
          <tbody>
            {data.features.map((f) => {
              const p = f.properties;
              const inHalf = s.placesFor50 !== null && p.rank <= s.placesFor50;
              return (
                <tr key={`${p.rank}`} className={inHalf ? 'repeat-places__row--half' : undefined}>
                  <td>{p.rank}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onShow(f.geometry.coordinates)}>
                      {label(p)}
                    </button>
                    {p.category && <span className="repeat-places__category">{PREMISES_CATEGORY_LABELS[p.category as keyof typeof PREMISES_CATEGORY_LABELS] ?? p.category}</span>}
                  </td>
                  <td>{n(p.count)}</td>
                  <td>{pct(p.share)}</td>
                  <td>{pct(p.cumulativeShare)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {s.rest && <p className="legend__note">And {n(s.rest.places)} more places with {n(s.rest.count)} sightings ({pct(s.rest.share)}).</p>}
    </div>
  );
}
