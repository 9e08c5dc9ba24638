/**
 * One-time tickets for the two requests a browser makes without our headers: the event stream
 * (EventSource) and a download (a link). The token stays in headers; a ticket in a URL is worth one
 * request within a minute, so one left in history or a log opens nothing.
 */
import { randomBytes } from 'node:crypto';

export type TicketPurpose = 'events' | 'download';

const LIFETIME_MS = 60_000;

export function createTickets(now: () => number = Date.now) {
  const issued = new Map<string, { purpose: TicketPurpose; until: number }>();
  const sweep = () => {
    const t = now();
    for (const [ticket, entry] of issued) if (entry.until < t) issued.delete(ticket);
  };
  return {
    issue(purpose: TicketPurpose): string {
      sweep();
      const ticket = randomBytes(18).toString('base64url');
      issued.set(ticket, { purpose, until: now() + LIFETIME_MS });
      return ticket;
    },
    /** True once for a ticket issued for this purpose and not expired; the ticket is spent either way. */
    redeem(ticket: string | null, purpose: TicketPurpose): boolean {
      if (!ticket) return false;
      const entry = issued.get(ticket);
      issued.delete(ticket);
      return entry !== undefined && entry.purpose === purpose && entry.until >= now();
    },
  };
}
