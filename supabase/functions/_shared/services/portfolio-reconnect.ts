// POST portfolio/reconnect-emails: the operator picks calendars, each property's managers get
// one email per manager listing that property's chosen calendars, each with a link to the
// property's WordPress settings page that starts the connect flow for that account. At most
// one per calendar per 12 h; every send is recorded (calendar_reconnect_requests) in the same
// transaction as its outbox rows, as lumaleasing_portfolio (row security: the organization's
// own properties, and only this kind of outbox row).
import { type Sql, type Tx, withPortfolio } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { OutboxPayload } from "../contracts/outbox.ts";
import type { ReconnectEmailsRequest, ReconnectResult, ReconnectSkipReason } from "../contracts/portfolio.ts";
import { managerList } from "../core/managers.ts";
import { nextReconnectAllowedAt } from "../core/portfolio-health.ts";

interface Target {
  id: string;
  property_id: string;
  account_email: string;
  property_name: string;
  admin_url: string | null;
  manager_email: string | null;
}

const MESSAGES: Record<ReconnectSkipReason, string> = {
  rate_limited: "A re-connect email for this calendar went out less than 12 hours ago.",
  settings_page_unknown: "This property's WordPress settings page is not known yet (the plugin reports it when its site key is saved), so there is no link to send.",
  no_managers: "This property has no manager email to send to.",
};

async function queue(tx: Tx, propertyId: string, batchId: string, recipient: string, now: Date) {
  const payload = OutboxPayload.manager_alert.parse({ type: "portfolio_reconnect", batchId, recipient });
  await tx`insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at)
    values (${propertyId}, 'manager_alert', ${tx.json(payload as never)},
      ${`portfolio-reconnect:${batchId}:${propertyId}:${recipient.toLowerCase()}`}, ${now})`;
}

export async function requestReconnectEmails(
  sql: Sql,
  organizationId: string,
  request: ReconnectEmailsRequest,
  now: Date,
): Promise<ReconnectResult & { propertyIds: string[] }> {
  const ids = [...new Set(request.calendarIds.map((id) => id.toLowerCase()))].sort();
  return await withPortfolio(organizationId, async (tx) => {
    const targets = await tx<Target[]>`
      select c.id, c.property_id, c.account_email, p.name as property_name, p.admin_url, p.manager_email
      from public.agent_calendars c join public.properties p on p.id = c.property_id
      where c.id = any(${ids}::uuid[]) and c.disconnected_at is null`;
    const missing = ids.filter((id) => !targets.some((t) => t.id === id));
    if (missing.length) {
      throw new HttpError(404, "calendar_not_found", `No connected calendar of this organization has the id ${missing[0]}; nothing was sent.`, {
        error: { fields: { calendarIds: `Not found in this organization: ${missing.join(", ")}` } },
      });
    }
    // Two requests for the same calendar at once: one waits for the other, then sees its record.
    await tx`select pg_advisory_xact_lock(hashtext('portfolio-reconnect:' || x)) from unnest(${ids}::text[]) as x`;
    const last = await tx<{ agent_calendar_id: string; requested_at: Date }[]>`
      select distinct on (agent_calendar_id) agent_calendar_id, requested_at from public.calendar_reconnect_requests
      where agent_calendar_id = any(${ids}::uuid[]) order by agent_calendar_id, requested_at desc`;
    const lastAt = new Map(last.map((l) => [l.agent_calendar_id, l.requested_at]));

    const result: ReconnectResult = { sent: [], skipped: [], emails: 0 };
    const byProperty = new Map<string, Target[]>();
    for (const t of targets.sort((a, b) => a.property_name.localeCompare(b.property_name) || a.account_email.localeCompare(b.account_email))) {
      const base = { calendarId: t.id, propertyId: t.property_id, propertyName: t.property_name, accountEmail: t.account_email };
      const next = nextReconnectAllowedAt(lastAt.get(t.id) ?? null, now);
      const reason: ReconnectSkipReason | null = next ? "rate_limited" : !t.admin_url ? "settings_page_unknown"
        : managerList(t.manager_email).length === 0 ? "no_managers" : null;
      if (reason) {
        result.skipped.push({ ...base, reason, message: MESSAGES[reason], ...(next ? { nextAllowedAt: next.toISOString() } : {}) });
        continue;
      }
      byProperty.set(t.property_id, [...(byProperty.get(t.property_id) ?? []), t]);
    }

    const batchId = crypto.randomUUID();
    for (const [propertyId, calendars] of byProperty) {
      const recipients = [...new Set(managerList(calendars[0].manager_email).map((m) => m.toLowerCase()))].slice(0, 50);
      for (const c of calendars) {
        await tx`insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id,
            account_email, requested_by_name, requested_by_email, recipients, requested_at)
          values (${batchId}, ${organizationId}, ${propertyId}, ${c.id}, ${c.account_email}, ${request.by.name},
            ${request.by.email}, ${recipients}, ${now})`;
        result.sent.push({ calendarId: c.id, propertyId, propertyName: c.property_name, accountEmail: c.account_email, recipients });
      }
      for (const recipient of recipients) await queue(tx, propertyId, batchId, recipient, now);
      result.emails += recipients.length;
    }
    return { ...result, propertyIds: [...byProperty.keys()] };
  }, sql);
}
