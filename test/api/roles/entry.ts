import { ROLES, type Role } from '../../../server/lists.js';
import type { TestApp, Session, privateBox } from '../../support/app.js';

/** One row of the role matrix (test/api/roles.test.ts); domains keep their rows beside it, in this folder. */
export interface Ctx {
  t: TestApp;
  s: Session;
  role: Role;
  analyst: Session;
  /** A partner of its own, whose reports the other roles read and decide. */
  partner: Session;
  box: ReturnType<typeof privateBox>;
  premisesId: string;
}
export interface Req {
  url: string;
  body?: unknown;
  /** A session of its own, when the call would end the shared one. */
  session?: Session;
  /** Content type of a non-JSON body. */
  type?: string;
}
export interface Entry {
  allow: Partial<Record<Role, number>>;
  req: (c: Ctx) => Promise<Req> | Req;
  /** Checks on a successful body for this role (no restricted field leaks). */
  check?: (role: Role, body: any) => void;
}


/** The staff roles: every route but sign-in, the partner's own reports and place search refuses partners. */
export const STAFF = ROLES.filter((r) => r !== 'partner');
export const ALL = (status: number) => Object.fromEntries(STAFF.map((r) => [r, status])) as Partial<Record<Role, number>>;
export const EVERYONE = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
export const ONLY = (roles: Role[], status: number) => Object.fromEntries(roles.map((r) => [r, status])) as Partial<Record<Role, number>>;

