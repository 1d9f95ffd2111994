import { useEffect, useState, type FormEvent } from 'react';
import { health, login, type Session } from '../api';
import { useSubmit } from '../useSubmit';
import { ErrorMessage } from './ErrorMessage';
import { Field } from './Field';

interface Props {
  onSignedIn: (session: Session) => void;
  /** Said above the form, e.g. after signing out or when a session has ended. */
  notice?: string | undefined;
}

/** Username and password → `POST /api/auth/login`. */
export function SignInForm({ onSignedIn, notice }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Shown outside the session, so a 401 here (a wrong password) stays the form's.
  const { pending, error, run } = useSubmit('Sign-in failed');
  const [demo, setDemo] = useState(false);

  useEffect(() => {
    let live = true;
    // Only a hint: if the server cannot say, the form works the same without it.
    health().then(
      (h) => live && setDemo(h.demo === true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!(await run(async () => onSignedIn(await login(username.trim(), password))))) setPassword('');
  }

  return (
    <section className="card card--narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      {notice && (
        <p className="message message--info" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      <form className="form" onSubmit={submit}>
        <Field id="username" label="Username">
          {(a) => (
            <input {...a} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
          )}
        </Field>
        <Field id="password" label="Password">
          {(a) => <input {...a} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {demo && (
        <p className="muted" id="demo-credentials-hint">
          This server runs the synthetic demo town. Its demo users (one per role) and their passwords were printed
          when the server first started, and are in <code>demo-credentials.txt</code> in the server's data directory
          (<code>./data</code> unless <code>LANTERN_DATA_DIR</code> says otherwise).
        </p>
      )}
    </section>
  );
}
