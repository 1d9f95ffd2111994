import { useCallback, useEffect, useState } from 'react';
import { ApiError, currentSession, logout, type Session } from './api';
import { readsRecords } from './roles';
import { AppHeader } from './components/AppHeader';
import { ClassificationBanner } from './components/ClassificationBanner';
import { ErrorMessage } from './components/ErrorMessage';
import { HealthFooter } from './components/HealthFooter';
import { PurposeForm } from './components/PurposeForm';
import { SignInForm } from './components/SignInForm';
import { homeOf, PAGES, pagesFor, usePage } from './route';
import { FULL_BLEED, renderPage } from './pages';

/** Where the app is: finding out, signed out, or signed in. */
type View =
  | { kind: 'loading' }
  | { kind: 'unreachable'; error: ApiError }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: Session };

const asApiError = (err: unknown, title: string): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, title, String(err));

export function App() {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<ApiError | null>(null);
  const [{ page: requested, sub }, goTo] = usePage();

  const resume = useCallback(() => {
    setView({ kind: 'loading' });
    currentSession().then(
      (session) => setView(session ? { kind: 'signed-in', session } : { kind: 'signed-out' }),
      (err: unknown) => setView({ kind: 'unreachable', error: asApiError(err, 'Could not start') }),
    );
  }, []);

  useEffect(resume, [resume]);

  const needsPurpose = view.kind === 'signed-in' && readsRecords(view.session.user.role) && !view.session.purpose;
  // A page the role is not offered (e.g. from a colleague's link) falls back to the map.
  // Partners have no map: theirs is the report page.
  const page = view.kind === 'signed-in' && !pagesFor(view.session.user.role).includes(requested) ? (pagesFor(view.session.user.role).includes('map') ? 'map' : homeOf(view.session.user.role)) : requested;

  useEffect(() => {
    document.title =
      view.kind === 'signed-out'
        ? 'Sign in – Lantern'
        : needsPurpose
          ? 'State your purpose – Lantern'
          : view.kind === 'signed-in'
            ? `${PAGES[page].label} – Lantern`
            : 'Lantern';
  }, [view.kind, needsPurpose, page]);

  const signedIn = (session: Session) => {
    setSignOutError(null);
    setView({ kind: 'signed-in', session });
    if (requested === 'map' && !sub && homeOf(session.user.role) !== 'map') goTo(homeOf(session.user.role));
  };

  const setPurpose = useCallback(
    (purpose: string | null) =>
      setView((v) => (v.kind === 'signed-in' ? { kind: 'signed-in', session: { ...v.session, purpose } } : v)),
    [],
  );

  /** A 401 means the session has ended; a 428 that the purpose must be stated (again). */
  const onSessionProblem = useCallback(
    (err: ApiError) => {
      if (err.status === 401) setView({ kind: 'signed-out', notice: 'Your session has ended. Sign in again to carry on.' });
      else if (err.status === 428) setPurpose(null);
    },
    [setPurpose],
  );

  async function signOut() {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await logout();
      setView({ kind: 'signed-out', notice: 'You have signed out.' });
    } catch (err) {
      setSignOutError(asApiError(err, 'Sign-out failed'));
    } finally {
      setSigningOut(false);
    }
  }

  const session = view.kind === 'signed-in' ? view.session : undefined;
  const onMap = Boolean(session) && !needsPurpose && FULL_BLEED.has(page);

  return (
    <div className={onMap ? 'app app--map' : 'app'}>
      <ClassificationBanner />
      <AppHeader
        session={session}
        onSignOut={signOut}
        signingOut={signingOut}
        page={page}
        onNavigate={session && !needsPurpose ? goTo : undefined}
      />
      <main className={onMap ? 'app-main app-main--map' : 'app-main'} id="main">
        {signOutError && <ErrorMessage error={signOutError} />}
        {view.kind === 'loading' && (
          <p className="loading" role="status">
            Loading…
          </p>
        )}
        {view.kind === 'unreachable' && (
          <div className="card card--narrow">
            <h1>Lantern is not available</h1>
            <ErrorMessage error={view.error}>
              <button type="button" className="button" onClick={resume}>
                Try again
              </button>
            </ErrorMessage>
          </div>
        )}
        {view.kind === 'signed-out' && <SignInForm onSignedIn={signedIn} notice={view.notice} />}
        {session &&
          (needsPurpose ? (
            <PurposeForm onPurposeSet={setPurpose} onSessionProblem={onSessionProblem} />
          ) : (
            renderPage(page, { session, sub, onSessionProblem, goTo })
          ))}
      </main>
      <HealthFooter />
    </div>
  );
}
