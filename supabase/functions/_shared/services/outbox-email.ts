// The prospect's email step: rendered from the booking as it is now (with its .ics), sent
// with the outbox row's dedupe key as Resend's Idempotency-Key, so a retry after a lost
// answer is answered with the first message's id instead of a second email.
import { DeliveryError } from "../adapters/delivery-error.ts";
import { prospectEmail } from "../core/outbox-messages.ts";
import { prepareProspectMessage, type ProspectPayload } from "./outbox-prospect.ts";
import type { EffectResult, OutboxRow, Run } from "./outbox-run.ts";

export async function sendProspectEmail(run: Run, row: OutboxRow, payload: ProspectPayload): Promise<EffectResult> {
  const prepared = await prepareProspectMessage(run, row, "email", payload);
  if ("skipped" in prepared) return prepared;
  const email = prospectEmail(payload.template, prepared.input);
  try {
    const { id } = await run.senders.email.send({
      to: prepared.booking.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments,
      idempotencyKey: row.dedupe_key,
    });
    return { providerMessageId: id };
  } catch (err) {
    // The key was used with other content: an earlier attempt went out before the booking changed.
    if (err instanceof DeliveryError && err.reason === "invalid_idempotent_request") return { skipped: "already sent under this key" };
    throw err;
  }
}
