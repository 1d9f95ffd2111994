import { randomBytes } from 'node:crypto';

/**
 * One-use print tickets. To print a document (an area report, a profile), the server
 * builds it for the requesting user (disclosure control, audit and all), keeps it under
 * a random ticket for a minute, and has its own Chromium open the client's print page
 * with the ticket as a cookie; the page fetches the document once with it. A ticket
 * opens that one document, built for that user and purpose, once; and, until the print
 * is done (or the ticket expires), the street basemap for the document's map (public
 * reference geography). Nothing else: no session, no other route.
 */

/** The cookie the print page's browser context carries. */
export const PRINT_COOKIE = 'lantern_print';
/** How long a ticket lives, ms: the print starts at once, so a minute is plenty. */
export const TICKET_TTL_MS = 60_000;

export interface Owner {
  userId: string | null;
  purpose: string | null;
}

/** A live ticket: the document under its store's key (e.g. `report`), for its owner. */
export type Ticket<K extends string, T> = { [P in K]: T } & Owner & {
  expires: number;
  /** The document has been read */
  spent: boolean;
};

export interface TicketStore<K extends string, T> {
  /** What the document is called on a ticket, and in the print route's answer's place. */
  readonly key: K;
  /** Keeps the document for the user and gives the ticket. */
  issue(doc: T, owner: Owner, now?: number): string;
  /** The document, once: the ticket is spent by reading it. Undefined when unknown, spent or expired. */
  redeem(ticket: string, now?: number): Ticket<K, T> | undefined;
  /** Whether the ticket's print is still going (issued, not revoked, not expired): it may draw the basemap. */
  printing(ticket: string, now?: number): boolean;
  /** Forgets a ticket (after the print, used or not). */
  revoke(ticket: string): void;
  size(): number;
}

export function ticketStore<K extends string, T>(key: K, ttlMs = TICKET_TTL_MS): TicketStore<K, T> {
  const tickets = new Map<string, Ticket<K, T>>();
  const sweep = (now: number) => {
    for (const [k, t] of tickets) if (t.expires <= now) tickets.delete(k);
  };
  return {
    key,
    issue(doc, owner, now = Date.now()) {
      sweep(now);
      const ticket = randomBytes(32).toString('base64url');
      tickets.set(ticket, { [key]: doc, userId: owner.userId, purpose: owner.purpose, expires: now + ttlMs, spent: false } as Ticket<K, T>);
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
