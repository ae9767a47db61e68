// The tickets a browser carries to calendar/connect. Two kinds, one route:
// - signed (admin/connect-ticket): the WordPress server asks with its site secret and the
//   browser goes straight on; HMAC-signed, 5 minutes, nothing stored.
// - stored (the operator's connect link, sent to an agent): a random token of which only
//   the hash is kept (public.connect_tickets), valid for hours, until a calendar has been
//   connected with it.
import { randomToken, sha256Hex, signPayload, verifyPayload } from "../adapters/crypto.ts";
import { type Sql, type Tx, withProperty, withResolver } from "../adapters/db.ts";

export const SIGNED_TICKET_TTL_MS = 5 * 60_000;
export const STORED_TICKET_PREFIX = "llct_";

export interface TicketFor {
  propertyId: string;
  connectedBy: string;
  /** Where the browser lands after Google's consent; null (stored tickets): our own page. */
  returnUrl: string | null;
  /** The Google account to pre-select on the consent page. */
  loginHint?: string;
}

export interface MintedTicket {
  connectUrl: string;
  expiresAt: string;
}

interface SignedTicket {
  kind: "connect-ticket";
  propertyId: string;
  connectedBy: string;
  returnUrl: string;
  loginHint?: string;
  exp: number;
}

export function connectUrlFor(functionsUrl: string, ticket: string): string {
  return `${functionsUrl}/lumaleasing/calendar/connect?ticket=${encodeURIComponent(ticket)}`;
}

/** The page a stored ticket's browser lands on when it names no return URL. */
export function connectedPageUrl(functionsUrl: string): string {
  return `${functionsUrl}/lumaleasing/calendar/connected`;
}

export async function mintSignedTicket(
  o: { stateSecret: string; functionsUrl: string; now: Date },
  t: TicketFor & { returnUrl: string },
): Promise<MintedTicket> {
  const ticket: SignedTicket = { kind: "connect-ticket", ...t, exp: o.now.getTime() + SIGNED_TICKET_TTL_MS };
  return {
    connectUrl: connectUrlFor(o.functionsUrl, await signPayload(ticket, o.stateSecret)),
    expiresAt: new Date(ticket.exp).toISOString(),
  };
}

/** Stores a ticket's hash in the caller's transaction; the token itself is only in the URL. */
export async function mintStoredTicket(
  tx: Tx,
  o: { functionsUrl: string; now: Date; validMs: number },
  t: TicketFor,
): Promise<MintedTicket> {
  const token = `${STORED_TICKET_PREFIX}${randomToken(32)}`;
  const expiresAt = new Date(o.now.getTime() + o.validMs);
  await tx`insert into public.connect_tickets (token_hash, property_id, connected_by, return_url, expires_at, created_at)
    values (${await sha256Hex(token)}, ${t.propertyId}, ${t.connectedBy}, ${t.returnUrl}, ${expiresAt}, ${o.now})`;
  return { connectUrl: connectUrlFor(o.functionsUrl, token), expiresAt: expiresAt.toISOString() };
}

export interface ValidTicket {
  propertyId: string;
  connectedBy: string;
  returnUrl: string;
  /** A stored ticket's hash, to mark it used once a calendar is connected. */
  storedHash?: string;
  loginHint?: string;
}

export type TicketCheck =
  | { ok: true; ticket: ValidTicket }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "ticket_expired" | "ticket_used"; returnUrl: string };

/** Reads either kind of ticket; an unknown, altered or foreign one is "invalid". */
export async function readConnectTicket(
  value: string,
  o: { sql: Sql; stateSecret: string; functionsUrl: string; now: Date },
): Promise<TicketCheck> {
  if (!value.startsWith(STORED_TICKET_PREFIX)) {
    const signed = await verifyPayload<SignedTicket>(value, o.stateSecret);
    if (!signed || signed.kind !== "connect-ticket") return { ok: false, reason: "invalid" };
    if (signed.exp < o.now.getTime()) return { ok: false, reason: "ticket_expired", returnUrl: signed.returnUrl };
    const { propertyId, connectedBy, returnUrl, loginHint } = signed;
    return { ok: true, ticket: { propertyId, connectedBy, returnUrl, ...(loginHint ? { loginHint } : {}) } };
  }
  if (!/^llct_[A-Za-z0-9_-]{20,80}$/.test(value)) return { ok: false, reason: "invalid" };
  const hash = await sha256Hex(value);
  const [found] = await withResolver(
    (tx) => tx<{ property_id: string | null }[]>`select lumaleasing.resolve_connect_ticket(${hash}) as property_id`,
    o.sql,
  );
  if (!found?.property_id) return { ok: false, reason: "invalid" };
  const propertyId = found.property_id;
  const [row] = await withProperty(propertyId, (tx) =>
    tx<{ connected_by: string; return_url: string | null; expires_at: Date; used_at: Date | null }[]>`
      select connected_by, return_url, expires_at, used_at from public.connect_tickets where token_hash = ${hash}`, o.sql);
  if (!row) return { ok: false, reason: "invalid" };
  const returnUrl = row.return_url ?? connectedPageUrl(o.functionsUrl);
  if (row.used_at) return { ok: false, reason: "ticket_used", returnUrl };
  if (row.expires_at.getTime() < o.now.getTime()) return { ok: false, reason: "ticket_expired", returnUrl };
  return { ok: true, ticket: { propertyId, connectedBy: row.connected_by, returnUrl, storedHash: hash } };
}

/** In the callback's transaction, once the calendar is stored. */
export async function markTicketUsed(tx: Tx, storedHash: string, now: Date): Promise<void> {
  await tx`update public.connect_tickets set used_at = ${now} where token_hash = ${storedHash} and used_at is null`;
}
