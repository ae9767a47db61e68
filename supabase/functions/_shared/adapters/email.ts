// Sends email through Resend's HTTP API (POST {RESEND_API_URL}/emails).
// Locally RESEND_API_URL points at the catcher, which speaks the same API.

import {
  type DeliveryTransport,
  parseJsonObject,
  postForDelivery,
  type ProviderFailure,
} from "./delivery-http.ts";
import { type Env, envOr, requireEnv } from "./env.ts";

export const DEFAULT_RESEND_API_URL = "https://api.resend.com";

export interface EmailAttachment {
  filename: string;
  /** Text is sent as UTF-8; bytes as they are. */
  content: string | Uint8Array;
  contentType?: string;
}

export interface EmailMessage {
  to: string | string[];
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
  /** Same key within 24 h → the provider sends once (Resend's Idempotency-Key). */
  idempotencyKey?: string;
  replyTo?: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ id: string }>;
}

export interface EmailSenderOptions extends DeliveryTransport {
  apiUrl?: string;
  apiKey: string;
  from: string;
}

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const endpoint = `${(options.apiUrl ?? DEFAULT_RESEND_API_URL).replace(/\/+$/, "")}/emails`;

  return {
    async send(message) {
      const headers: Record<string, string> = {
        "authorization": `Bearer ${options.apiKey}`,
        "content-type": "application/json",
      };
      if (message.idempotencyKey) headers["idempotency-key"] = message.idempotencyKey;

      const id = await postForDelivery({
        channel: "email",
        url: endpoint,
        headers,
        body: JSON.stringify(resendPayload(options.from, message)),
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        describeFailure: describeResendFailure,
        idField: "id",
      });
      return { id };
    },
  };
}

/** The sender configured from function secrets: RESEND_API_URL, RESEND_API_KEY, EMAIL_FROM. */
export function emailSenderFromEnv(
  env: Env = Deno.env,
  fetchImpl?: typeof fetch,
): EmailSender {
  return createEmailSender({
    apiUrl: envOr(env, "RESEND_API_URL", DEFAULT_RESEND_API_URL),
    apiKey: requireEnv(env, "RESEND_API_KEY"),
    from: requireEnv(env, "EMAIL_FROM"),
    fetch: fetchImpl,
  });
}

function resendPayload(from: string, message: EmailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(message.replyTo ? { reply_to: message.replyTo } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.tags ? { tags: message.tags } : {}),
    ...(message.attachments?.length
      ? {
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: toBase64(typeof a.content === "string" ? new TextEncoder().encode(a.content) : a.content),
          ...(a.contentType ? { content_type: a.contentType } : {}),
        })),
      }
      : {}),
  };
}

// Resend answers errors as { statusCode, name, message }.
function describeResendFailure(status: number, bodyText: string): ProviderFailure {
  const body = parseJsonObject(bodyText);
  const name = typeof body.name === "string" ? body.name : `http_${status}`;
  const detail = typeof body.message === "string" ? body.message : bodyText.slice(0, 200);
  // The first request with this key is still running: it will finish, so asking again is right.
  const retryable = name === "concurrent_idempotent_requests" ? true : undefined;
  return { reason: name, detail, retryable };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000; // keeps String.fromCharCode's argument list small
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
