// The outbox's metric_alert step: the email to the organization's operations address,
// rendered from the numbers the job saw, sent with the row's dedupe key as the provider's
// idempotency key (one email per organization, metric and day, even after a lost answer).
import { withJobs } from "../adapters/db.ts";
import type { OutboxPayloadOf } from "../contracts/outbox.ts";
import { metricAlertEmail } from "../core/metric-alert-message.ts";
import { type EffectResult, type OutboxRow, propertyFor, type Run } from "./outbox-run.ts";

export async function sendMetricAlert(run: Run, row: OutboxRow, alert: OutboxPayloadOf<"metric_alert">): Promise<EffectResult> {
  const [org] = await withJobs((tx) =>
    tx<{ name: string; operations_email: string | null; portfolio_url: string | null }[]>`select name, operations_email, portfolio_url
      from public.organizations where id = ${alert.organizationId}`, run.d.sql);
  if (!org) return { skipped: "the organization was deleted" };
  if (!org.operations_email) return { skipped: "the organization has no operations email" };
  const property = propertyFor(run, row);
  const email = metricAlertEmail({
    organization: org.name,
    metric: alert.metric,
    value: alert.value,
    unit: alert.unit,
    target: alert.target,
    numerator: alert.numerator,
    denominator: alert.denominator,
    from: new Date(alert.from),
    to: new Date(alert.to),
    link: org.portfolio_url ?? property.admin_url ?? property.site_url ?? run.d.functionsUrl,
  });
  const { id } = await run.senders.email.send({
    to: org.operations_email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    idempotencyKey: row.dedupe_key,
  });
  return { providerMessageId: id };
}
