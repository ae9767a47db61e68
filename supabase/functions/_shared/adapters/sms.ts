// Sends SMS through Twilio's Messages API
// (POST {TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded, Basic auth),
// and reads back what was sent (GET on the same path, see sms-lookup.ts).
// Locally TWILIO_API_URL points at the catcher, which speaks the same API.

import {
  type DeliveryTransport,
  parseJsonObject,
  postForDelivery,
  type ProviderFailure,
} from "./delivery-http.ts";
import { type Env, envOr, requireEnv } from "./env.ts";
import { listSentSms, type SentSms } from "./sms-lookup.ts";

export type { SentSms } from "./sms-lookup.ts";

export const DEFAULT_TWILIO_API_URL = "https://api.twilio.com";

export interface SmsMessage {
  /** E.164, e.g. +15125550100. */
  to: string;
  body: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<{ sid: string }>;
  /**
   * What we sent to `to` that the provider created at or after `since`, newest first (a
   * bounded walk through the provider's list). Throws a DeliveryError when it cannot tell.
   */
  sentSince(to: string, since: Date): Promise<SentSms[]>;
}

export interface SmsSenderOptions extends DeliveryTransport {
  apiUrl?: string;
  accountSid: string;
  authToken: string;
  /** A sending number (E.164) or a Messaging Service SID ("MG…"). */
  from: string;
  /** Page size of the look-up (tests); Twilio's list allows 1–1,000. */
  lookupPageSize?: number;
}

export function createSmsSender(options: SmsSenderOptions): SmsSender {
  const base = (options.apiUrl ?? DEFAULT_TWILIO_API_URL).replace(/\/+$/, "");
  const endpoint = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`;
  const viaMessagingService = /^MG[0-9a-f]{32}$/i.test(options.from);
  const senderField = viaMessagingService ? "MessagingServiceSid" : "From";

  return {
    async send(message) {
      const form = new URLSearchParams({ To: message.to, [senderField]: options.from, Body: message.body });
      const sid = await postForDelivery({
        channel: "sms",
        url: endpoint,
        headers: {
          "authorization": authorization,
          "content-type": "application/x-www-form-urlencoded",
          "accept": "application/json",
        },
        body: form.toString(),
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        describeFailure: describeTwilioFailure,
        idField: "sid",
      });
      return { sid };
    },
    sentSince(to, since) {
      return listSentSms({
        base,
        accountSid: options.accountSid,
        authorization,
        from: options.from,
        viaMessagingService,
        describeFailure: describeTwilioFailure,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        pageSize: options.lookupPageSize,
      }, to, since);
    },
  };
}

/** The secrets an SMS sender needs; without all three a deployment sends email only. */
export const TWILIO_SECRETS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const;

/** Which of TWILIO_SECRETS are unset or blank (none: SMS is configured). */
export function missingTwilioSecrets(env: Env = Deno.env): string[] {
  return TWILIO_SECRETS.filter((name) => !env.get(name)?.trim());
}

/** The sender configured from function secrets: TWILIO_API_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM. */
export function smsSenderFromEnv(
  env: Env = Deno.env,
  fetchImpl?: typeof fetch,
): SmsSender {
  return createSmsSender({
    apiUrl: envOr(env, "TWILIO_API_URL", DEFAULT_TWILIO_API_URL),
    accountSid: requireEnv(env, "TWILIO_ACCOUNT_SID"),
    authToken: requireEnv(env, "TWILIO_AUTH_TOKEN"),
    from: requireEnv(env, "TWILIO_FROM"),
    fetch: fetchImpl,
  });
}

// Twilio answers errors as { code, message, more_info, status }; the code is the useful part
// (21211 invalid To, 21610 recipient opted out, 20003 bad credentials, 20429 rate limit, …).
function describeTwilioFailure(status: number, bodyText: string): ProviderFailure {
  const body = parseJsonObject(bodyText);
  const code = typeof body.code === "number" || typeof body.code === "string" ? String(body.code) : "";
  const detail = typeof body.message === "string" ? body.message : bodyText.slice(0, 200);
  return { reason: code ? `twilio_${code}` : `http_${status}`, detail };
}
