// A widget's chat session at one property. The browser keeps one session id per site, so
// the same id may arrive at several properties: a session is keyed by (property, id).
import type { Tx } from "../adapters/db.ts";

/** Creates or touches the session; links it to `leadId` when given. Answers the session's lead. */
export async function touchSession(
  tx: Tx,
  propertyId: string,
  sessionId: string,
  opts: { now: Date; leadId?: string; userAgent?: string | null },
): Promise<string | null> {
  const [row] = await tx<{ lead_id: string | null }[]>`
    insert into public.widget_sessions (id, property_id, lead_id, created_at, last_seen_at, user_agent)
    values (${sessionId}, ${propertyId}, ${opts.leadId ?? null}, ${opts.now}, ${opts.now}, ${opts.userAgent ?? null})
    on conflict (property_id, id) do update set last_seen_at = excluded.last_seen_at,
      lead_id = coalesce(excluded.lead_id, widget_sessions.lead_id)
    returning lead_id`;
  return row?.lead_id ?? null;
}

export async function linkSessionLead(tx: Tx, propertyId: string, sessionId: string, leadId: string): Promise<void> {
  await tx`update public.widget_sessions set lead_id = ${leadId} where property_id = ${propertyId} and id = ${sessionId}`;
}
