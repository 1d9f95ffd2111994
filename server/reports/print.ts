import { ticketStore as printTickets, TICKET_TTL_MS } from '../print/tickets.js';
import type { AreaReport } from './schema.js';

export { PRINT_COOKIE, TICKET_TTL_MS } from '../print/tickets.js';

/** Print tickets for area reports (server/print/tickets.ts): each holds its report as `report`. */
export const ticketStore = (ttlMs = TICKET_TTL_MS) => printTickets<'report', AreaReport>('report', ttlMs);
