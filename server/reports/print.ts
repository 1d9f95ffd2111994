import { randomBytes } from 'node:crypto';
import type { AreaReport } from './schema.js';

/**
 * One-use print tickets. To print a report, the server builds it for the requesting
 * user (disclosure control, audit and all), keeps it under a random ticket for a
 * minute, and has its own Chromium open the client's print page with the ticket as a
 * cookie; the page fetches the report once with it. A ticket opens that one report,
 * built for that user and purpose, once; and, until the print is done (or the ticket
 * expires), the street basemap's style, tiles and glyphs for the report's map (public
 * reference geography, served under the reports routes). Nothing else: no session, no
 * other route.
 */

/** The cookie the print page's browser context carries. */
export const PRINT_COOKIE = 'lantern_print';
/** How long a ticket lives, ms: the print starts at once, so a minute is plenty. */
export const TICKET_TTL_MS = 60_000;

interface Ticket {
  report: AreaReport;
  userId: string | null;
  purpose: string | null;
  expires: number;
  /** The report has been read */
  spent: boolean;
}

export interface TicketStore {
  /** Keeps the report for the user and gives the ticket. */
  issue(report: AreaReport, owner: { userId: string | null; purpose: string | null }, now?: number): string;
  /** The report, once: the ticket is spent by reading it. Undefined when unknown, spent or expired. */
  redeem(ticket: string, now?: number): Ticket | undefined;
  /** Whether the ticket's print is still going (issued, not revoked, not expired): it may draw the basemap. */
  printing(ticket: string, now?: number): boolean;
  /** Forgets a ticket (after the print, used or not). */
  revoke(ticket: string): void;
  size(): number;
}

export function ticketStore(ttlMs = TICKET_TTL_MS): TicketStore {
  const tickets = new Map<string, Ticket>();
  const sweep = (now: number) => {
    for (const [k, t] of tickets) if (t.expires <= now) tickets.delete(k);
  };
  return {
    issue(report, owner, now = Date.now()) {
      sweep(now);
      const ticket = randomBytes(32).toString('base64url');
      tickets.set(ticket, { report, ...owner, expires: now + ttlMs, spent: false });
      return ticket;
    },
    redeem(ticket, now = Date.now()) {
      const t = tickets.get(ticket);
      if (t && t.expires <= now) tickets.delete(ticket);
      if (!t || t.spent || t.expires <= now) return undefined;
      t.spent = true;
      return t;
    },
    printing(ticket, now = Date.now()) {
      const t = tickets.get(ticket);
      return !!t && t.expires > now;
    },
    revoke(ticket) {
      tickets.delete(ticket);
    },
    size: () => tickets.size,
  };
}
