import { ErrorMessage } from '../components/ErrorMessage';
import { LICENCE_STATUS_LABELS, PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { premises, vehicle } from './api';
import { useRemote } from '../useRemote';

interface Props {
  id: string;
}

/** A premises' business record (`GET /api/premises/:id`), for roles that may read premises (mayReadPremises). */
export function PremisesSummary({ id }: Props) {
  const r = useRemote(`premises:${id}`, (signal) => premises(id, signal));
  if (r.error) return <ErrorMessage error={r.error} />;
  if (!r.data || r.dataKey !== `premises:${id}`) return <p className="loading" role="status">Loading the premises…</p>;
  const p = r.data.properties;
  return (
    <div data-testid="premises-summary">
      <p className="drawer__title">{p.name}</p>
      <dl className="record__fields">
        <div>
          <dt>Kind</dt>
          <dd>{PREMISES_CATEGORY_LABELS[p.category] ?? p.category}</dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd>{[p.address, p.postcode].filter(Boolean).join(', ') || <span className="muted">not recorded</span>}</dd>
        </div>
        <div>
          <dt>Licence</dt>
          <dd>
            {p.licenceRef ?? 'none'} · {LICENCE_STATUS_LABELS[p.licenceStatus] ?? p.licenceStatus}
          </dd>
        </div>
      </dl>
      {p.synthetic && <p className="field__hint">Synthetic demo premises.</p>}
    </div>
  );
}

/** A vehicle's record (`GET /api/vehicles/:id`), for roles that read records. */
export function VehicleSummary({ id }: Props) {
  const r = useRemote(`vehicle:${id}`, (signal) => vehicle(id, signal));
  if (r.error) return <ErrorMessage error={r.error} />;
  if (!r.data || r.dataKey !== `vehicle:${id}`) return <p className="loading" role="status">Loading the vehicle…</p>;
  const v = r.data;
  const rows: [string, string | null][] = [
    ['Plate', v.plate],
    ['Make', v.make],
    ['Colour', v.colour],
    ['Licence number', v.licenceNo],
    ['Operator', v.operatorName],
  ];
  return (
    <div data-testid="vehicle-summary">
      <dl className="record__fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">not recorded</span>}</dd>
          </div>
        ))}
      </dl>
      {v.synthetic && <p className="field__hint">Synthetic demo vehicle.</p>}
    </div>
  );
}
