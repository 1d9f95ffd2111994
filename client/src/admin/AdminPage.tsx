import type { MouseEvent } from 'react';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { hrefOf, type Page } from '../route';
import { AuditPanel } from './AuditPanel';
import { ReviewPanel } from './ReviewPanel';
import { UsersPanel } from './UsersPanel';
import './admin.css';

/** The administration sections, each at `/admin/<path>`. */
const SECTIONS = [
  { path: '', label: 'Users' },
  { path: 'audit', label: 'Audit log' },
  { path: 'review', label: 'Review queue' },
] as const;

interface Props {
  selfId: string;
  /** The path after `/admin`: which section is shown. */
  sub: string;
  goTo: (to: Page, sub?: string) => void;
}

/** Administration (admin role): users, the audit log with its chain status, and the MoPI review queue. */
export function AdminPage({ selfId, sub, goTo }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const section = SECTIONS.find((s) => s.path === sub) ?? SECTIONS[0];

  const follow = (path: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    goTo('admin', path);
  };

  return (
    <div className="admin">
      <h1 ref={heading} tabIndex={-1}>
        Administration
      </h1>
      <nav className="admin-tabs" aria-label="Administration">
        {SECTIONS.map((s) => (
          <a key={s.path} href={hrefOf('admin', s.path)} aria-current={s === section ? 'page' : undefined} onClick={follow(s.path)}>
            {s.label}
          </a>
        ))}
      </nav>
      {section.path === '' && <UsersPanel selfId={selfId} />}
      {section.path === 'audit' && <AuditPanel />}
      {section.path === 'review' && <ReviewPanel />}
    </div>
  );
}
