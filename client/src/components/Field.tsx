import type { ReactNode } from 'react';
import type { ApiError } from '../api';

interface Props {
  id: string;
  label: string;
  hint?: string;
  /** The server's message for this field, from a problem document's `errors`. */
  error?: string | undefined;
  /** The control, given the ids that describe it and whether it is invalid. */
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
  className?: string;
}

/** A labelled form control with an optional hint and the API's error for it beside it. */
export function Field({ id, label, hint, error, children, className }: Props) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

/**
 * Whether an error needs a message of its own above the form: it names none of the
 * form's fields (each named field shows its message beside the field instead).
 */
export const isFormLevel = (err: ApiError | null, fields: readonly string[]): err is ApiError =>
  err !== null && !(err.errors ?? []).some((e) => fields.includes(e.path));
