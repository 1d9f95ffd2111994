import { COLUMNS, PLACE_COLUMNS, TEMPLATE_KINDS, templateFileName, type ImportColumn, type TemplateKind } from '../../../server/imports/columns';
import { TableHead } from '../components/Table';
import type { ImportKind, PlaceFormat } from '../../../server/lists';
import type { ColumnProblem } from './report';

const NOUNS: Record<ImportKind, string> = {
  sightings: 'a sightings file',
  premises: 'a premises register',
  vehicles: 'a vehicles register',
  areas: 'an areas file',
  places: 'a gazetteer file',
  basemap: 'a basemap file',
  episodes: 'a missing episodes file',
};

const isTemplateKind = (k: ImportKind): k is TemplateKind => (TEMPLATE_KINDS as readonly string[]).includes(k);

function need(c: ImportColumn): string {
  if (c.required) return 'Required';
  return c.location ? 'Location' : 'Optional';
}

/**
 * What a kind's file may hold: the columns Lantern reads (from the server's one list,
 * server/imports/columns.ts), which are required, what each takes, and a template to
 * start from.
 */
export function ImportColumns({ kind, placeFormat }: { kind: ImportKind; placeFormat: PlaceFormat }) {
  if (kind === 'basemap') return null;
  if (kind === 'places') {
    const p = PLACE_COLUMNS[placeFormat];
    return (
      <section className="panel import-columns" aria-labelledby="import-columns-title">
        <h2 id="import-columns-title">Columns of {NOUNS.places}</h2>
        <p>
          Import the file as OS or ONS publish it{p.header ? ', header row and all' : ' (it has no header row: columns are read by position)'}. Lantern reads{' '}
          {p.columns.map((c, i) => (
            <span key={c}>
              {i > 0 && ', '}
              <code>{c}</code>
            </span>
          ))}{' '}
          and leaves the other columns out.
        </p>
      </section>
    );
  }
  const spec = COLUMNS[kind];
  return (
    <section className="panel import-columns" aria-labelledby="import-columns-title">
      <div className="import-columns__head">
        <h2 id="import-columns-title">Columns of {NOUNS[kind]}</h2>
        {isTemplateKind(kind) && (
          <a className="button button--small" href={`/api/imports/template/${kind}`} download={templateFileName(kind)}>
            Download a template (CSV)
          </a>
        )}
      </div>
      <p>
        {spec.file}. Names may be in any case, with spaces or hyphens for underscores.{' '}
        {spec.columns.some((c) => c.location) && 'Each row needs a location: lat and lon, easting and northing, or grid_ref. '}
        {spec.checked
          ? 'A file without a required column is refused whole, naming the columns; other columns Lantern does not read are listed as a warning and left out.'
          : 'Other properties (such as an ONS file’s) are left out.'}
        {isTemplateKind(kind) && ' The template has every column and one synthetic example row: replace the row with your own.'}
      </p>
      <div className="table-wrap">
        <table className="table import-columns__table">
          <caption className="visually-hidden">The columns Lantern reads from {NOUNS[kind]}</caption>
          <TableHead columns={['Column', 'Needed', 'Takes']} />
          <tbody>
            {spec.columns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td className={c.required ? 'import-columns__required' : undefined}>{need(c)}</td>
                <td>
                  {c.takes}
                  {c.values && (
                    <span className="import-columns__values">
                      {': '}
                      {c.values.map((v, i) => (
                        <span key={v}>
                          {i > 0 && ', '}
                          <code>{v}</code>
                        </span>
                      ))}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The file's column problems: a warning beside an import, or why the file was refused. */
export function ColumnNotes({ problems, refused }: { problems: readonly ColumnProblem[]; refused: boolean }) {
  if (problems.length === 0) return null;
  return (
    <div className={`message ${refused ? 'message--error' : 'message--warning'} import-column-notes`} role={refused ? undefined : 'status'}>
      <p>
        <strong>{refused ? 'The columns at fault' : 'Columns Lantern does not read'}</strong>
        {refused ? '' : ': rename a column to import its values.'}
      </p>
      <ul>
        {problems.map((p) => (
          <li key={p.column}>
            <code>{p.column}</code> {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
