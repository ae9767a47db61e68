// The prospect's SMS step, sent at most once. Twilio takes no idempotency key, so:
//  1. Before the call, an in-flight mark is committed on the row: the time of the first
//     attempt whose outcome is still unknown (kept until one is known), this attempt's
//     id, and a SHA-256 of the body it sends.
//  2. An attempt that finds a mark left behind (the last one never learnt the outcome:
//     a crash, a timeout, a lost connection, a 5xx) asks the provider first: a message
//     from us to this number, created since the first mark (less a margin for the
//     provider's clock), whose body has the marked digest or this attempt's. Found →
//     its sid is recorded and nothing is sent. The look-up failing sends nothing either.
//  3. Only when none is found is the message sent, under a renewed mark. A failure
//     that proves nothing went out (a 4xx, a refused connection) takes a fresh mark away
//     again, so the next attempt does not need to ask.
// No Twilio configured → the row is closed as skipped, sms_not_configured.
import { sha256Hex } from "../adapters/crypto.ts";
import { withJobs } from "../adapters/db.ts";
import { DeliveryError } from "../adapters/delivery-error.ts";
import type { SentSms, SmsSender } from "../adapters/sms.ts";
import { prospectSms, type ProspectSmsTemplate } from "../core/outbox-messages.ts";
import { prepareProspectMessage, type ProspectPayload } from "./outbox-prospect.ts";
import { type EffectResult, LeaseLostError, type OutboxRow, type Run } from "./outbox-run.ts";

export const SMS_NOT_CONFIGURED =
  "sms_not_configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM to send text messages";

/** How much earlier than our mark the provider's clock may date the message (skew; it keeps whole seconds). */
export const LOOKUP_MARGIN_MS = 2 * 60_000;

export async function sendProspectSms(
  run: Run,
  row: OutboxRow,
  payload: ProspectPayload & { template: ProspectSmsTemplate },
): Promise<EffectResult> {
  const sms = run.senders.sms;
  if (!sms) return { skipped: SMS_NOT_CONFIGURED };
  const prepared = await prepareProspectMessage(run, row, "sms", payload);
  if ("skipped" in prepared) return prepared;

  const to = prepared.booking.phone!;
  const body = prospectSms(payload.template, prepared.input);
  const digest = await sha256Hex(body);
  const attemptId = crypto.randomUUID();
  const prior = await markUnlessMarked(run, row, attemptId, digest);

  if (prior) {
    // Asked before the mark is renewed, so the digest the earlier attempt sent is still there.
    const found = await findSent(sms, to, new Date(prior.at.getTime() - LOOKUP_MARGIN_MS), [digest, prior.digest]);
    if (found) {
      return {
        providerMessageId: found.sid,
        note: `sent by an earlier attempt whose answer was lost (found at the provider, ${found.status || "no status"})`,
      };
    }
    await renewMark(run, row, attemptId, digest);
  }
  try {
    const { sid } = await sms.send({ to, body });
    return { providerMessageId: sid };
  } catch (err) {
    // A mark left by an earlier attempt stays: that attempt's outcome is still unknown.
    if (err instanceof DeliveryError && !err.outcomeUnknown && !prior) await clearMark(run, row, attemptId);
    throw err;
  }
}

interface Mark {
  at: Date;
  digest: string;
}

/**
 * Commits this attempt's mark before anything leaves (its own transaction) — unless an
 * earlier attempt's mark is there: then that one is answered and left as it is. Only the
 * row's current claim may do either.
 */
async function markUnlessMarked(run: Run, row: OutboxRow, attemptId: string, digest: string): Promise<Mark | null> {
  const now = run.d.clock.now();
  return await withJobs(async (tx) => {
    const [current] = await tx<{ in_flight_at: Date | null; in_flight_digest: string | null }[]>`
      select in_flight_at, in_flight_digest from public.outbox
      where id = ${row.id}::bigint and status = 'pending' and attempts = ${row.attempts}
      for update`;
    if (!current) throw new LeaseLostError(`outbox ${row.id}: claimed again by another run`);
    if (current.in_flight_at) return { at: current.in_flight_at, digest: current.in_flight_digest ?? "" };
    await tx`update public.outbox set in_flight_at = ${now}, in_flight_attempt = ${attemptId}, in_flight_digest = ${digest}
      where id = ${row.id}::bigint`;
    return null;
  }, run.d.sql);
}

/** This attempt takes the mark over, keeping the first unresolved attempt's time (where the look-up starts). */
async function renewMark(run: Run, row: OutboxRow, attemptId: string, digest: string) {
  const [renewed] = await withJobs((tx) =>
    tx`update public.outbox set in_flight_attempt = ${attemptId}, in_flight_digest = ${digest}
      where id = ${row.id}::bigint and status = 'pending' and attempts = ${row.attempts} and in_flight_at is not null
      returning id`, run.d.sql);
  if (!renewed) throw new LeaseLostError(`outbox ${row.id}: claimed again by another run`);
}

async function clearMark(run: Run, row: OutboxRow, attemptId: string) {
  try {
    await withJobs((tx) =>
      tx`update public.outbox set in_flight_at = null, in_flight_attempt = null, in_flight_digest = null
        where id = ${row.id}::bigint and in_flight_attempt = ${attemptId}`, run.d.sql);
  } catch (err) {
    // Harmless: the next attempt asks the provider first, finds nothing, and sends.
    console.error(`outbox ${row.id}: could not clear the in-flight mark:`, err);
  }
}

/** The provider's message from us to `to` since `since` whose body has one of the digests, if any. */
async function findSent(sms: SmsSender, to: string, since: Date, digests: string[]): Promise<SentSms | null> {
  const wanted = new Set(digests);
  let sent: SentSms[];
  try {
    sent = await sms.sentSince(to, since);
  } catch (err) {
    if (!(err instanceof DeliveryError)) throw err;
    throw new DeliveryError({
      channel: "sms",
      retryable: err.retryable,
      status: err.status,
      reason: `lookup_${err.reason}`,
      detail: `could not learn whether an earlier attempt went out, so nothing was sent: ${err.detail}`,
      retryAfterMs: err.retryAfterMs,
    });
  }
  for (const message of sent) {
    if (wanted.has(await sha256Hex(message.body))) return message;
  }
  return null;
}
