import { useMemo } from 'react';
import { TableHead } from '../components/Table';
import { saveFile } from '../saveFile';
import { formatCount } from '../format';
import { reportCsv, reportFileName, reportLines, type Rejected } from './report';

interface Props {
  rejected: readonly Rejected[];
  /** Every rejected row, though the server keeps the reasons of the first 1,000 only. */
  rejectedCount: number;
  fileName: string;
}

/** Saves text as a CSV file. */
const download = (text: string, name: string) => saveFile({ blob: new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName: name });

/** The validation report: one line per bad field of each rejected file row, downloadable as CSV. */
export function ImportReport({ rejected, rejectedCount, fileName }: Props) {
  const lines = useMemo(() => reportLines(rejected), [rejected]);
  if (rejectedCount === 0) return <p className="import-report__clean">Every row passed validation.</p>;
  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <div className="import-report__head">
        <h3 id="import-report-title">Validation report</h3>
        <button type="button" className="button button--small" onClick={() => download(reportCsv(lines), reportFileName(fileName))}>
          Download report (CSV)
        </button>
      </div>
      {rejected.length < rejectedCount && (
        <p className="muted">
          Reasons are kept for the first {formatCount(rejected.length)} of {formatCount(rejectedCount)} rejected rows.
        </p>
      )}
      <div className="table-wrap import-report__scroll">
        <table className="table import-report__table">
          <caption className="visually-hidden">Rejected rows of {fileName}: the file line (the header is line 1), the field and the reason</caption>
          <TableHead columns={['Row', 'Field', 'Reason']} />
          <tbody>
            {lines.map((l, i) => (
              <tr key={`${l.row}-${l.field}-${i}`}>
                <td className="import-report__row">{l.row}</td>
                <td>
                  <code>{l.field || '(whole row)'}</code>
                </td>
                <td>{l.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
