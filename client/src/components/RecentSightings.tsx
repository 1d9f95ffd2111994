import type { SightingFeature } from '../api';
import { HANDLING_CODE_LABELS, INTEL_ASSESSMENT_LABELS, SOURCE_EVALUATION_LABELS } from '../../../server/lists';
import { AGENCY_LABELS, CATEGORY_LABELS } from '../../../server/labels';
import { formatDateTime, formatGrading } from '../format';
import { EmptyRow, TableHead } from './Table';

const COLUMNS = ['Observed', 'Category', 'Source', <abbr title="3x5x2 grading: source evaluation, intelligence assessment, handling code">Grading</abbr>];

interface Props {
  features: SightingFeature[];
  caption: string;
}

/** The most recent sightings, newest first, with their 3x5x2 grading. */
export function RecentSightings({ features, caption }: Props) {
  const rows = [...features].sort((a, b) => Date.parse(b.properties.observedAt) - Date.parse(a.properties.observedAt));
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <TableHead columns={COLUMNS} />
        <tbody>
          {rows.length === 0 ? (
            <EmptyRow cols={4}>No sightings in this period.</EmptyRow>
          ) : (
            rows.map(({ properties: s }) => (
              <tr key={s.id}>
                <td>
                  <time dateTime={s.observedAt}>{formatDateTime(s.observedAt)}</time>
                </td>
                <td>{CATEGORY_LABELS[s.category] ?? s.category}</td>
                <td>{AGENCY_LABELS[s.sourceAgency] ?? s.sourceAgency}</td>
                <td>
                  <abbr
                    className="grading"
                    title={`Source: ${SOURCE_EVALUATION_LABELS[s.sourceEval]}. Intelligence: ${INTEL_ASSESSMENT_LABELS[s.intelAssessment]}. Handling: ${HANDLING_CODE_LABELS[s.handlingCode]}.`}
                  >
                    {formatGrading(s)}
                  </abbr>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
