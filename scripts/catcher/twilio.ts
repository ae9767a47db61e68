// POST /2010-04-01/Accounts/{AccountSid}/Messages.json — Twilio's Messages API as the
// project uses it: form-encoded, HTTP Basic auth (sid:token), Twilio's JSON answers and
// error shape { code, message, more_info, status }. GET on the same path lists what was
// sent (twilio-list.ts).

import { smsSegments } from "../../supabase/functions/_shared/core/messages.ts";
import { droppedConnection, type Fault, hang } from "./faults.ts";
import { json, randomHex } from "./http.ts";
import type { ApiContext } from "./resend.ts";
import type { CaughtSms } from "./store.ts";

export const TWILIO_MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_BODY = 1600;

export function twilioError(status: number, code: number, message: string, headers: Record<string, string> = {}) {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

export async function handleSendSms(request: Request, accountSid: string, ctx: ApiContext): Promise<Response> {
  if (!authorized(request, accountSid)) return twilioError(401, 20003, "Authenticate");

  const form = new URLSearchParams(await request.text());

  const fault = ctx.faults.take("sms");
  if (fault && !fault.afterAccept) {
    const early = await applyFault(fault, ctx.closing);
    if (early) return early;
  }

  const to = form.get("To")?.trim() ?? "";
  const from = form.get("From")?.trim() || null;
  const messagingServiceSid = form.get("MessagingServiceSid")?.trim() || null;
  const body = form.get("Body") ?? "";

  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (!from && !messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!body) return twilioError(400, 21602, "Message body is required.");
  if (body.length > MAX_BODY) {
    return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
  }

  const segments = smsSegments(body);
  const message: CaughtSms = {
    kind: "sms",
    id: `SM${randomHex(16)}`,
    receivedAt: ctx.store.now().toISOString(),
    accountSid,
    to,
    from,
    messagingServiceSid,
    body,
    numSegments: segments.segments,
    encoding: segments.encoding,
  };
  ctx.store.add(message);
  if (fault?.afterAccept) {
    const late = await applyFault(fault, ctx.closing);
    if (late) return late;
  }
  return json(201, twilioMessageJson(message));
}

/** Basic auth whose user is the path's Account SID (or an API key "SK…") with a non-empty secret. */
export function authorized(request: Request, accountSid: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return false;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0) return false;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  return secret.length > 0 && (user === accountSid || user.startsWith("SK"));
}

/** Twilio writes dates as RFC 2822 with a numeric zone. */
export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace("GMT", "+0000");
}

/**
 * A message as Twilio shows it: as the create call answers ("queued", or "accepted" via a
 * Messaging Service, not sent yet), or as the list shows it later (handed to the carrier:
 * "sent", with date_sent — the catcher counts a message sent when it received it).
 */
export function twilioMessageJson(message: CaughtSms, view: "created" | "listed" = "created") {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.id}`;
  const listed = view === "listed";
  return {
    account_sid: message.accountSid,
    api_version: "2010-04-01",
    body: message.body,
    date_created: rfc2822(message.receivedAt),
    date_sent: listed ? rfc2822(message.receivedAt) : null,
    date_updated: rfc2822(message.receivedAt),
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: "0",
    num_segments: String(message.numSegments),
    price: null,
    price_unit: "USD",
    sid: message.id,
    // Twilio answers "accepted" when a Messaging Service picks the sender, else "queued".
    status: listed ? "sent" : message.from ? "queued" : "accepted",
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

const FAULT_DEFAULTS: Record<number, [number, string]> = {
  400: [21211, "Invalid 'To' Phone Number"],
  401: [20003, "Authenticate"],
  404: [20404, "The requested resource was not found"],
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  503: [20503, "Service Unavailable"],
};

async function applyFault(fault: Fault, closing: AbortSignal): Promise<Response | null> {
  if (fault.hangMs !== undefined) {
    const waited = await hang(fault.hangMs, closing);
    if (!waited) return twilioError(503, 20503, "Service Unavailable");
  }
  if (fault.drop) return droppedConnection();
  if (fault.status === undefined) return null;
  const [code, message] = FAULT_DEFAULTS[fault.status] ?? [20000 + fault.status, "Injected failure"];
  return twilioError(
    fault.status,
    typeof fault.code === "number" ? fault.code : Number(fault.code) || code,
    fault.message ?? message,
    fault.status === 429 ? { "retry-after": "1" } : {},
  );
}
