// The outbox step for a Portfolio re-connect email: one manager, the batch's calendars at the
// row's property, each with its link to the property's WordPress settings page.
import { withJobs } from "../adapters/db.ts";
import { reconnectLink } from "../core/portfolio-health.ts";
import { portfolioReconnectEmail } from "../core/portfolio-messages.ts";
import { type EffectResult, type OutboxRow, propertyFor, propertyInfo, type Run } from "./outbox-run.ts";

export async function sendPortfolioReconnect(run: Run, row: OutboxRow, batchId: string, recipient: string): Promise<EffectResult> {
  const property = propertyFor(run, row);
  if (!property.admin_url) return { skipped: "the property's settings page is not known" };
  const settingsUrl = property.admin_url;
  const calendars = await withJobs((tx) =>
    tx<{ agent_calendar_id: string; account_email: string; token_status: string | null; requested_by_name: string; requested_by_email: string; requested_at: Date }[]>`
      select q.agent_calendar_id, q.account_email, c.token_status, q.requested_by_name, q.requested_by_email, q.requested_at
      from public.calendar_reconnect_requests q left join public.agent_calendars c on c.id = q.agent_calendar_id
      where q.batch_id = ${batchId} and q.property_id = ${row.property_id}
      order by q.account_email`, run.d.sql);
  if (!calendars.length) return { skipped: "no calendars in this request" };
  const first = calendars[0];
  const email = portfolioReconnectEmail({
    property: propertyInfo(property),
    calendars: calendars.map((c) => ({
      accountEmail: c.account_email,
      status: c.token_status ?? "expired",
      link: reconnectLink(settingsUrl, c.agent_calendar_id, c.account_email),
    })),
    requestedBy: { name: first.requested_by_name, email: first.requested_by_email },
    requestedAt: first.requested_at,
  });
  const { id } = await run.senders.email.send({
    to: [recipient],
    subject: email.subject,
    html: email.html,
    text: email.text,
    idempotencyKey: row.dedupe_key,
  });
  return { providerMessageId: id };
}
