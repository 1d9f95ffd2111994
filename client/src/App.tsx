import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { asApiError, currentSession, logout, type ApiError, type Session } from './api';
import { RECORD_READERS } from '../../server/auth/policy';
import { AppHeader } from './components/AppHeader';
import { ClassificationBanner } from './components/ClassificationBanner';
import { ErrorMessage } from './components/ErrorMessage';
import { HealthFooter } from './components/HealthFooter';
import { PurposeForm } from './components/PurposeForm';
import { SignInForm } from './components/SignInForm';
import { homeOf, PAGES, pagesFor, usePage } from './route';
import { NotPermitted } from './components/NotPermitted';
import { FULL_BLEED, renderPage } from './pages';
import { nextView } from './session';
import { SessionContext, type SessionValue } from './SessionContext';
import { useSubmit } from './useSubmit';

export function App() {
  const [view, dispatch] = useReducer(nextView, { kind: 'loading' });
  const signingOut = useSubmit('Sign-out failed');
  const [{ page: requested, sub }, goTo] = usePage();

  const resume = useCallback(() => {
    dispatch({ type: 'loading' });
    currentSession().then(
      (session) => dispatch(session ? { type: 'signed-in', session } : { type: 'signed-out' }),
      (err: unknown) => dispatch({ type: 'unreachable', error: asApiError(err, 'Could not start') }),
    );
  }, []);

  useEffect(resume, [resume]);

  const session = view.kind === 'signed-in' ? view.session : undefined;
  const needsPurpose = session !== undefined && RECORD_READERS.includes(session.user.role) && !session.purpose;
  const offered = session ? pagesFor(session.user.role) : [];
  // A page the role may not use (a colleague's link, a bookmark) says so at its address.
  // The home address is everyone's: partners, who have no map, land on their report page.
  const forbidden = session !== undefined && requested !== 'map' && !offered.includes(requested);
  const page = session && !offered.includes(requested) ? (offered.includes('map') ? 'map' : homeOf(session.user.role)) : requested;

  useEffect(() => {
    document.title =
      view.kind === 'signed-out'
        ? 'Sign in – Lantern'
        : needsPurpose
          ? 'State your purpose – Lantern'
          : view.kind === 'signed-in'
            ? `${forbidden ? 'Not permitted' : PAGES[page].label} – Lantern`
            : 'Lantern';
  }, [view.kind, needsPurpose, page, forbidden]);

  const signedIn = (s: Session) => {
    signingOut.reset();
    dispatch({ type: 'signed-in', session: s });
    if (requested === 'map' && !sub && homeOf(s.user.role) !== 'map') goTo(homeOf(s.user.role));
  };

  /** A 401 means the session has ended; a 428 that the purpose must be stated (again). */
  const onSessionProblem = useCallback((error: ApiError) => dispatch({ type: 'problem', error }), []);
  const purposeStated = useCallback((purpose: string) => dispatch({ type: 'purpose', purpose }), []);
  const context = useMemo<SessionValue | null>(() => (session ? { session, purposeStated, onSessionProblem } : null), [session, purposeStated, onSessionProblem]);

  const signOut = () =>
    signingOut.run(async () => {
      await logout();
      dispatch({ type: 'signed-out', notice: 'You have signed out.' });
    });

  const onMap = Boolean(session) && !needsPurpose && !forbidden && FULL_BLEED.has(page);

  return (
    <SessionContext.Provider value={context}>
      <div className={onMap ? 'app app--map' : 'app'}>
        <ClassificationBanner />
        <AppHeader onSignOut={signOut} signingOut={signingOut.pending} page={forbidden ? requested : page} onNavigate={session && !needsPurpose ? goTo : undefined} />
        <main className={onMap ? 'app-main app-main--map' : 'app-main'} id="main">
          {signingOut.error && <ErrorMessage error={signingOut.error} />}
          {view.kind === 'loading' && (
            <p className="loading" role="status">
              Loading…
            </p>
          )}
          {view.kind === 'unreachable' && (
            <div className="card card--narrow">
              <h1>Lantern is not available</h1>
              <ErrorMessage error={view.error} onRetry={resume} />
            </div>
          )}
          {view.kind === 'signed-out' && <SignInForm onSignedIn={signedIn} notice={view.notice} />}
          {session &&
            (needsPurpose ? (
              <PurposeForm />
            ) : forbidden ? (
              <NotPermitted role={session.user.role} page={requested} goTo={goTo} />
            ) : (
              renderPage(page, { session, sub, goTo })
            ))}
        </main>
        <HealthFooter />
      </div>
    </SessionContext.Provider>
  );
}
