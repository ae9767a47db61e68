// Reads back what Twilio accepted, so a text whose answer never arrived is not sent twice:
// GET {TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json?To=…&From=…&PageSize=…,
// newest first, one page after another through next_page_uri.
//
// No DateSent filter, on purpose: it filters on date_sent, which Twilio fills in only
// when it hands the message to the carrier. A message still "queued" or "accepted" (a
// Messaging Service, a busy sender's queue) has none, and would not be found.

import { DeliveryError } from "./delivery-error.ts";
import { type DeliveryTransport, getFromProvider, type ProviderFailure } from "./delivery-http.ts";

/** Twilio's default is 50 and its maximum 1,000. */
export const LOOKUP_PAGE_SIZE = 100;
/** How many pages one look-up reads at most: one prospect rarely has more than a handful of texts. */
export const LOOKUP_MAX_PAGES = 5;

/** A message the provider holds, as the outbox needs it. */
export interface SentSms {
  sid: string;
  to: string;
  body: string;
  /** When Twilio created the message (date_created, whole seconds). */
  createdAt: Date;
  status: string;
}

export interface SmsLookup extends DeliveryTransport {
  /** The API's base URL, without a trailing slash. */
  base: string;
  accountSid: string;
  authorization: string;
  /** Our sender: a phone number (matched on "from") or a Messaging Service SID (on messaging_service_sid). */
  from: string;
  viaMessagingService: boolean;
  describeFailure(status: number, bodyText: string): ProviderFailure;
  pageSize?: number;
  maxPages?: number;
}

/** Messages we sent to `to` that Twilio created at or after `since`, newest first. */
export async function listSentSms(lookup: SmsLookup, to: string, since: Date): Promise<SentSms[]> {
  const query = new URLSearchParams({ To: to });
  if (!lookup.viaMessagingService) query.set("From", lookup.from);
  query.set("PageSize", String(lookup.pageSize ?? LOOKUP_PAGE_SIZE));
  let url: string | null = `${lookup.base}/2010-04-01/Accounts/${encodeURIComponent(lookup.accountSid)}/Messages.json?${query}`;
  const found: SentSms[] = [];
  for (let page = 0; url && page < (lookup.maxPages ?? LOOKUP_MAX_PAGES); page++) {
    const answer = await getFromProvider({
      channel: "sms",
      url,
      headers: { "authorization": lookup.authorization, "accept": "application/json" },
      fetch: lookup.fetch,
      timeoutMs: lookup.timeoutMs,
      describeFailure: lookup.describeFailure,
    });
    if (!Array.isArray(answer.messages)) {
      throw new DeliveryError({
        channel: "sms",
        retryable: true,
        status: 200,
        reason: "malformed_response",
        detail: "the message list has no messages array",
      });
    }
    for (const item of answer.messages) {
      const message = readMessage(item);
      if (message && ours(lookup, item) && message.createdAt.getTime() >= since.getTime()) found.push(message);
    }
    url = nextPage(lookup.base, answer.next_page_uri);
  }
  return found;
}

function readMessage(item: unknown): SentSms | null {
  if (!item || typeof item !== "object") return null;
  const m = item as Record<string, unknown>;
  const createdAt = typeof m.date_created === "string" ? new Date(m.date_created) : null;
  if (typeof m.sid !== "string" || typeof m.body !== "string" || !createdAt || Number.isNaN(createdAt.getTime())) return null;
  return { sid: m.sid, to: String(m.to ?? ""), body: m.body, createdAt, status: String(m.status ?? "") };
}

/** Sent by this account's API (not received, not a reply) from our sender. */
function ours(lookup: SmsLookup, item: unknown): boolean {
  const m = item as Record<string, unknown>;
  if (m.direction !== undefined && m.direction !== "outbound-api") return false;
  return lookup.viaMessagingService ? m.messaging_service_sid === lookup.from : m.from === lookup.from;
}

/**
 * Twilio's next_page_uri is a path on the API host ("/2010-04-01/…?…&PageToken=PA…").
 * It is followed only on our own base URL, so the credentials never go anywhere else.
 */
function nextPage(base: string, next: unknown): string | null {
  if (typeof next !== "string" || !next) return null;
  if (next.startsWith("/")) return `${base}${next}`;
  try {
    return new URL(next).origin === new URL(base).origin ? next : null;
  } catch {
    return null;
  }
}
