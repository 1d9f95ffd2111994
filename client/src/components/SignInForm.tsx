import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, health, login, type Session } from '../api';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  onSignedIn: (session: Session) => void;
  /** Said above the form, e.g. after signing out or when a session has ended. */
  notice?: string | undefined;
}

/** Username and password → `POST /api/auth/login`. */
export function SignInForm({ onSignedIn, notice }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
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
    setPending(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Sign-in failed', String(err)));
      setPassword('');
      setPending(false);
    }
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
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
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
