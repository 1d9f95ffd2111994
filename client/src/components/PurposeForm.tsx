import { useState, type FormEvent } from 'react';
import { setPurpose } from '../api';
import { useSession } from '../SessionContext';
import { useSubmit } from '../useSubmit';
import { ErrorMessage } from './ErrorMessage';

/**
 * Asks why this working session reads records (`PUT /api/auth/purpose`); the
 * purpose is written to the audit log with every record read.
 */
export function PurposeForm() {
  const { purposeStated } = useSession();
  const [purpose, setText] = useState('');
  const { pending, error, run } = useSubmit('Could not save the purpose');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => purposeStated(await setPurpose(purpose.trim())));
  }

  const fieldError = error?.fieldMessage('purpose');

  return (
    <section className="card card--narrow" aria-labelledby="purpose-heading">
      <h1 id="purpose-heading">State your purpose</h1>
      <p>
        Individual records are read for a reason. Say why you are working today; it is recorded with every record
        you open in this session.
      </p>
      {error && !fieldError && <ErrorMessage error={error} />}
      <form className="form" onSubmit={submit}>
        <div className={fieldError ? 'field field--error' : 'field'}>
          <label htmlFor="purpose">Purpose</label>
          <p id="purpose-hint" className="field__hint">
            For example “Op Phoenix weekly tasking” or “Licence review, Station Road”.
          </p>
          {fieldError && (
            <p id="purpose-error" className="field__error" role="alert">
              {fieldError}
            </p>
          )}
          <input
            id="purpose"
            name="purpose"
            type="text"
            autoComplete="off"
            required
            minLength={3}
            maxLength={500}
            autoFocus
            aria-describedby={fieldError ? 'purpose-hint purpose-error' : 'purpose-hint'}
            aria-invalid={fieldError ? true : undefined}
            value={purpose}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Starting…' : 'Start'}
        </button>
      </form>
    </section>
  );
}
