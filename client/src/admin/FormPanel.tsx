import type { FormEvent, ReactNode } from 'react';
import type { ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { isFormLevel } from '../components/Field';

interface Props {
  id: string;
  title: string;
  /** The last failure: shown above the form unless it names one of `fields` (shown beside that field). */
  error: ApiError | null;
  fields: readonly string[];
  onSubmit: (e: FormEvent) => void;
  pending: boolean;
  /** The button's words, and its words while the request is under way. */
  submit: [idle: string, busy: string];
  children: ReactNode;
}

/** A panel with one form that creates something (a user, a token), checked by the server alone. */
export function FormPanel({ id, title, error, fields, onSubmit, pending, submit, children }: Props) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {isFormLevel(error, fields) && <ErrorMessage error={error} />}
      <form className="form admin-grid-form" onSubmit={onSubmit} noValidate>
        {children}
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? submit[1] : submit[0]}
        </button>
      </form>
    </section>
  );
}
