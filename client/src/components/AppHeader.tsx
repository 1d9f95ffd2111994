import { useContext, type MouseEvent } from 'react';
import { ROLE_LABELS } from '../../../server/labels';
import { hrefOf, PAGES, pagesFor, type Page } from '../route';
import { SessionContext } from '../SessionContext';
import { TriageBadge } from '../triage/TriageBadge';

interface Props {
  onSignOut?: () => void;
  signingOut?: boolean;
  /** The page shown; with `onNavigate`, the header links to the others. */
  page?: Page | undefined;
  onNavigate?: ((to: Page) => void) | undefined;
}

/** Product name, who is signed in, in what role and for what purpose, and the way out. */
export function AppHeader({ onSignOut, signingOut = false, page, onNavigate }: Props) {
  // Absent on the sign-in page.
  const session = useContext(SessionContext)?.session;
  const follow = (to: Page) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    onNavigate?.(to);
  };
  return (
    <header className="app-header">
      <span className="brand">
        <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <path d="M16 5c-1.7 0-3 1.3-3 3h6c0-1.7-1.3-3-3-3zm-6 5h12l-1.5 13h-9z" />
          <rect x="10" y="24" width="12" height="3" rx="1" />
        </svg>
        Lantern
      </span>
      {session && onNavigate && page && (
        <nav className="app-nav" aria-label="Pages">
          {pagesFor(session.user.role).map((p) => (
            <a key={p} href={hrefOf(p)} aria-current={p === page ? 'page' : undefined} onClick={follow(p)}>
              {PAGES[p].label}
              {p === 'triage' && <TriageBadge />}
            </a>
          ))}
        </nav>
      )}
      {session && (
        <div className="app-header__session">
          <dl className="session-info">
            <div>
              <dt>Signed in as</dt>
              <dd>
                <span className="role-badge">{ROLE_LABELS[session.user.role]}</span> {session.user.displayName}
              </dd>
            </div>
            {session.purpose && (
              <div>
                <dt>Purpose</dt>
                <dd className="session-info__purpose" title={session.purpose}>
                  {session.purpose}
                </dd>
              </div>
            )}
          </dl>
          <button type="button" className="button button--quiet" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </header>
  );
}
