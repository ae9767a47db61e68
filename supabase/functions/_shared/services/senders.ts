// The message senders the outbox uses, built from the function's secrets (the catcher on
// the local stack). Email is required; SMS only when Twilio is configured — an email-only
// deployment leaves it out, and the outbox then closes its SMS rows as not configured
// instead of failing every run.
import { type EmailSender, emailSenderFromEnv } from "../adapters/email.ts";
import type { Env } from "../adapters/env.ts";
import { missingTwilioSecrets, type SmsSender, smsSenderFromEnv, TWILIO_SECRETS } from "../adapters/sms.ts";

export interface Senders {
  email: EmailSender;
  /** Null when Twilio is not configured. */
  sms: SmsSender | null;
  /** The From address, used as the .ics organizer when a property has no email. */
  fromAddress: string;
}

let deployed: Senders | undefined;

/** Resend, and Twilio when its secrets are set; built once per isolate from Deno.env. */
export function sendersFromEnv(env: Env = Deno.env): Senders {
  if (env === Deno.env && deployed) return deployed;
  const from = env.get("EMAIL_FROM") ?? "";
  const missing = missingTwilioSecrets(env);
  if (missing.length && missing.length < TWILIO_SECRETS.length) {
    console.warn(`SMS is off: ${missing.join(", ")} not set (set all of ${TWILIO_SECRETS.join(", ")} to send texts)`);
  }
  const senders: Senders = {
    email: emailSenderFromEnv(env),
    sms: missing.length ? null : smsSenderFromEnv(env),
    fromAddress: /<([^>]+)>/.exec(from)?.[1] ?? from.trim(),
  };
  if (env === Deno.env) deployed = senders;
  return senders;
}
