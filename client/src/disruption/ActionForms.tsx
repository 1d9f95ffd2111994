import { useState, type FormEvent } from 'react';
import { DISRUPTION_ACTION_TYPES, SOURCE_AGENCIES, type DisruptionActionType, type SourceAgency } from '../../../server/lists';
import { AGENCY_LABELS } from '../../../server/labels';
import type { ApiError } from '../api';
import { Field, isFormLevel } from '../components/Field';
import { Options } from '../components/Options';
import { useSubmit } from '../useSubmit';
import { addAction, logAction, type Action } from './api';
import { today } from './words';
import { DateInput } from '../components/DateInput';

const usualAgency = (t: DisruptionActionType) => DISRUPTION_ACTION_TYPES.find((x) => x.code === t)!.usualAgency as SourceAgency;

function FormError({ error, fields }: { error: ApiError | null; fields: readonly string[] }) {
  if (!isFormLevel(error, fields)) return null;
  return (
    <p className="message message--error" role="alert">
      {error.detail}
    </p>
  );
}

/** Adds an action to a target's plan (analysts and admins). */
export function AddActionForm({ targetId, onAdded }: { targetId: string; onAdded: (a: Action) => void }) {
  const [type, setType] = useState<DisruptionActionType>('licensing_inspection');
  const [agency, setAgency] = useState<SourceAgency>(usualAgency('licensing_inspection'));
  const [due, setDue] = useState(today());
  const [notes, setNotes] = useState('');
  const { pending, error, run } = useSubmit('The action was not added');
  const fields = ['type', 'ownerAgency', 'dueDate', 'notes'] as const;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const a = await addAction(targetId, { type, ownerAgency: agency, dueDate: due, notes: notes.trim() || null });
      setNotes('');
      onAdded(a);
    });
  };

  return (
    <form className="dis-form" onSubmit={submit} aria-labelledby="dis-add-action">
      <h3 id="dis-add-action">Add an action</h3>
      <FormError error={error} fields={fields} />
      <div className="dis-form__row">
        <Field id="dis-action-type" label="Action" error={error?.fieldMessage('type')}>
          {(a) => (
            <select
              {...a}
              value={type}
              onChange={(e) => {
                const t = e.target.value as DisruptionActionType;
                setType(t);
                setAgency(usualAgency(t));
              }}
            >
              {DISRUPTION_ACTION_TYPES.map((t) => (
                <option key={t.code} value={t.code}>{t.label}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="dis-action-agency" label="Owner agency" error={error?.fieldMessage('ownerAgency')}>
          {(a) => (
            <select {...a} value={agency} onChange={(e) => setAgency(e.target.value as SourceAgency)}>
              <Options values={SOURCE_AGENCIES} labels={AGENCY_LABELS} />
            </select>
          )}
        </Field>
        <Field id="dis-action-due" label="Due" error={error?.fieldMessage('dueDate')}>
          {(a) => <DateInput {...a} required value={due} onChange={setDue} />}
        </Field>
      </div>
      <Field id="dis-action-notes" label="Notes" hint="Optional. Notes are shown to analysts and the owning agency only." error={error?.fieldMessage('notes')}>
        {(a) => <textarea {...a} rows={2} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add action'}
      </button>
    </form>
  );
}

/** The local date and time now, for a datetime-local input. */
const nowLocal = () => {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** Records what was done on an action, and when (analysts, admins, licensing within their scope). */
export function LogForm({ action, onLogged }: { action: Action; onLogged: (a: Action) => void }) {
  const [outcome, setOutcome] = useState('');
  const [doneAt, setDoneAt] = useState(nowLocal());
  const [done, setDone] = useState(true);
  const { pending, error, run } = useSubmit('The log was not saved');
  const id = `dis-log-${action.id}`;
  const fields = ['outcome', 'doneAt', 'status'] as const;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await logAction(action.id, { outcome, doneAt: new Date(doneAt).toISOString(), status: done ? 'done' : 'in_progress' });
      setOutcome('');
      onLogged(r.action);
    });
  };

  return (
    <form className="dis-form dis-form--log" onSubmit={submit} aria-label="Log what was done">
      <FormError error={error} fields={fields} />
      <Field id={`${id}-outcome`} label="What was done, and the outcome" error={error?.fieldMessage('outcome')}>
        {(a) => <textarea {...a} rows={2} required maxLength={4000} value={outcome} onChange={(e) => setOutcome(e.target.value)} />}
      </Field>
      <div className="dis-form__row">
        <Field id={`${id}-when`} label="When" error={error?.fieldMessage('doneAt')}>
          {(a) => <DateInput {...a} kind="datetime" required value={doneAt} max={nowLocal()} onChange={setDoneAt} />}
        </Field>
        <label className="dis-check">
          <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} /> The action is done
        </label>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save log'}
        </button>
      </div>
      {error?.fieldMessage('status') && <p className="field__error">{error.fieldMessage('status')}</p>}
    </form>
  );
}
