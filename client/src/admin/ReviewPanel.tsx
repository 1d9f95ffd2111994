import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate, formatDateTime, formatGrading } from '../format';
import { type SightingCategory } from '../../../server/lists';
import { CATEGORY_LABELS } from '../../../server/labels';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { decide, reviewDue, type DueRecord } from './api';
import { Field, isFormLevel } from '../components/Field';
import { DetailRow, EmptyRow, TableHead } from '../components/Table';
import { Notice } from '../components/Notice';
import { DateInput } from '../components/DateInput';

/** A year from today, the usual next review of a record kept (YYYY-MM-DD). */
const aYearOn = (): string => {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

const labelOf = (r: DueRecord) => (r.type === 'sighting' ? (CATEGORY_LABELS[r.label as SightingCategory] ?? r.label) : r.label);

/** MoPI review (`/api/review`, admin): records past their review date, each retained with a new date and reason, or disposed. */
export function ReviewPanel() {
  const { data: due, error, update } = useRemote('review-due', reviewDue);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const decided = (r: DueRecord, text: string) => {
    update((d) => ({ ...d, items: d.items.filter((x) => x.id !== r.id), total: d.total - 1 }));
    setOpen(null);
    setNotice(text);
  };

  return (
    <section className="panel" aria-labelledby="review-heading">
      <h2 id="review-heading">Review queue</h2>
      <p className="panel__lede">
        Records past their review date (Management of Police Information). Keep each one that is still necessary, with a reason and a
        new review date, or dispose of it: disposal removes the narrative, subject references, links and exact location, and keeps an
        anonymised row so that statistics do not jump.
      </p>
      <Notice text={notice} />
      {error && <ErrorMessage error={error} />}
      {due === null && !error && <p className="loading">Loading the review queue…</p>}
      {due && (
        <>
          <p>
            <strong>{formatCount(due.total)}</strong> {due.total === 1 ? 'record is' : 'records are'} past review
            {due.total > due.items.length ? `; the oldest ${formatCount(due.items.length)} are shown.` : '.'}
          </p>
          <div className="table-wrap">
            <table className="table admin-table">
              <caption className="visually-hidden">Records past review, oldest first</caption>
              <TableHead columns={['Record', 'Review due', 'Grading', 'Created', 'Decision']} />
              <tbody>
                {due.items.length === 0 && (
                  <EmptyRow cols={5}>Nothing is past review.</EmptyRow>
                )}
                {due.items.map((r) => (
                  <ReviewRow key={r.id} record={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} onDecided={decided} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

interface RowProps {
  record: DueRecord;
  open: boolean;
  onToggle: () => void;
  onDecided: (r: DueRecord, notice: string) => void;
}

function ReviewRow({ record: r, open, onToggle, onDecided }: RowProps) {
  const [decision, setDecision] = useState<'retain' | 'dispose'>('retain');
  const [date, setDate] = useState(aYearOn);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const { pending, error, run } = useSubmit('The decision was not recorded');
  const id = `review-${r.id}`;
  const name = `${r.type} ${labelOf(r)}`;

  async function send() {
    const ok = await run(async () => {
      if (decision === 'retain') {
        await decide(r.type, r.id, { decision, reviewDue: date, reason });
        onDecided(r, `Retained ${name} until ${date}.`);
      } else {
        await decide(r.type, r.id, { decision, reason });
        onDecided(r, `Disposed of ${name}.`);
      }
    });
    if (!ok) setConfirming(false);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Disposal cannot be undone: ask once more.
    if (decision === 'dispose' && !confirming) setConfirming(true);
    else void send();
  };

  return (
    <>
      <tr>
        <th scope="row">
          <span className="admin-user__name">{labelOf(r)}</span>
          <span className="admin-user__login">
            {r.type} <code className="audit-id">{r.id}</code>
          </span>
        </th>
        <td>
          <time dateTime={r.reviewDue}>{formatDate(new Date(`${r.reviewDue}T00:00:00Z`))}</time>
        </td>
        <td>
          <span className="grading">{r.sourceEval === null ? '—' : formatGrading({ sourceEval: r.sourceEval, intelAssessment: r.intelAssessment ?? '', handlingCode: r.handlingCode ?? '' })}</span>
        </td>
        <td>
          <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
        </td>
        <td>
          <button type="button" className="button button--small" onClick={onToggle} aria-expanded={open} aria-controls={`${id}-form`} aria-label={`Decide on ${name}`}>
            Decide…
          </button>
        </td>
      </tr>
      {open && (
        <DetailRow cols={5}>
          {isFormLevel(error, ['reviewDue', 'reason', 'decision']) && <ErrorMessage error={error} />}
          <form id={`${id}-form`} className="admin-inline-form" onSubmit={submit} aria-label={`Decision on ${name}`}>
            <fieldset className="control-group">
              <legend>Decision</legend>
              <label>
                <input type="radio" name={`${id}-decision`} value="retain" checked={decision === 'retain'} onChange={() => (setDecision('retain'), setConfirming(false))} /> Retain
              </label>
              <label>
                <input type="radio" name={`${id}-decision`} value="dispose" checked={decision === 'dispose'} onChange={() => setDecision('dispose')} /> Dispose
              </label>
            </fieldset>
            {decision === 'retain' && (
              <Field id={`${id}-date`} label="Next review" error={error?.fieldMessage('reviewDue')}>
                {(a) => <DateInput {...a} value={date} onChange={setDate} required />}
              </Field>
            )}
            <Field id={`${id}-reason`} label="Reason" hint={decision === 'retain' ? 'Why it is still necessary, e.g. linked to a live operation.' : 'Why it is no longer needed.'} error={error?.fieldMessage('reason')}>
              {(a) => <input {...a} type="text" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            {confirming ? (
              <div className="admin-confirm" role="alert">
                <p>
                  <strong>Dispose of this {r.type}?</strong> Its narrative, subject references, links and exact location are removed for good.
                </p>
                <button type="submit" className="button button--danger" disabled={pending} autoFocus>
                  Yes, dispose
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            ) : (
              <button type="submit" className="button button--primary" disabled={pending}>
                {decision === 'retain' ? 'Retain' : 'Dispose…'}
              </button>
            )}
          </form>
        </DetailRow>
      )}
    </>
  );
}
