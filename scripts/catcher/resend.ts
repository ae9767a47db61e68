// POST /emails — the part of Resend's API the project uses, with Resend's error shapes:
// { statusCode, name, message }. Any non-empty Bearer key is accepted locally.

import { droppedConnection, type Fault, type FaultQueue, hang } from "./faults.ts";
import { bytesAsText, contentTypeFor, decodeBase64, json } from "./http.ts";
import type { CaughtAttachment, CaughtEmail, MessageStore } from "./store.ts";

export interface ApiContext {
  store: MessageStore;
  faults: FaultQueue;
  /** Aborted when the catcher closes, so hung requests end. */
  closing: AbortSignal;
}

const MAX_RECIPIENTS = 50;
const MAX_IDEMPOTENCY_KEY = 256;

export async function handleSendEmail(request: Request, ctx: ApiContext): Promise<Response> {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!auth) {
    return resendError(
      401,
      "missing_api_key",
      "Missing API key in the authorization header. Include the following header 'Authorization: Bearer YOUR_API_KEY' in the request.",
    );
  }

  const raw = await request.text();

  const fault = ctx.faults.take("email");
  if (fault && !fault.afterAccept) {
    const early = await applyFault(fault, ctx.closing);
    if (early) return early;
  }

  const idempotencyKey = request.headers.get("idempotency-key");
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
    return resendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
  }

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return resendError(422, "validation_error", "Invalid JSON body.");
  }
  const parsed = parseEmail(body);
  if ("error" in parsed) return resendError(422, parsed.error.name, parsed.error.message);

  // From here on nothing awaits, so two requests with one key cannot interleave.
  if (idempotencyKey !== null) {
    const seen = ctx.store.checkIdempotency(idempotencyKey, raw);
    if (seen.state === "replay") return json(200, { id: seen.id });
    if (seen.state === "conflict") {
      return resendError(
        409,
        "invalid_idempotent_request",
        "Same idempotency key used with a different request payload.",
      );
    }
  }

  const email: CaughtEmail = {
    ...parsed.email,
    kind: "email",
    id: crypto.randomUUID(),
    receivedAt: ctx.store.now().toISOString(),
    idempotencyKey,
  };
  ctx.store.add(email);
  if (idempotencyKey !== null) ctx.store.rememberIdempotency(idempotencyKey, raw, email.id);
  if (fault?.afterAccept) {
    const late = await applyFault(fault, ctx.closing);
    if (late) return late;
  }
  return json(200, { id: email.id });
}

export function resendError(status: number, name: string, message: string, headers: Record<string, string> = {}) {
  return json(status, { statusCode: status, name, message }, headers);
}

const FAULT_DEFAULTS: Record<number, [string, string]> = {
  400: ["validation_error", "Invalid request."],
  401: ["missing_api_key", "Missing API key in the authorization header."],
  403: ["invalid_api_key", "API key is invalid."],
  422: [
    "validation_error",
    "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
  ],
  429: ["rate_limit_exceeded", "Too many requests. You can only make 2 requests per second."],
  500: ["application_error", "An unexpected error occurred."],
  503: ["service_unavailable", "The service is temporarily unavailable."],
};

async function applyFault(fault: Fault, closing: AbortSignal): Promise<Response | null> {
  if (fault.hangMs !== undefined) {
    const waited = await hang(fault.hangMs, closing);
    if (!waited) return resendError(503, "service_unavailable", "The catcher is shutting down.");
  }
  if (fault.drop) return droppedConnection();
  if (fault.status === undefined) return null;
  const [name, message] = FAULT_DEFAULTS[fault.status] ?? [`http_${fault.status}`, "Injected failure."];
  return resendError(
    fault.status,
    typeof fault.code === "string" ? fault.code : name,
    fault.message ?? message,
    fault.status === 429 ? { "retry-after": "1" } : {},
  );
}

type ParsedEmail = Omit<CaughtEmail, "kind" | "id" | "receivedAt" | "idempotencyKey">;
type Failure = { error: { name: string; message: string } };
type ParseResult = { email: ParsedEmail } | Failure;

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^<>]+)>$/;

export function isEmailAddress(value: string): boolean {
  const trimmed = value.trim();
  const named = NAMED_ADDRESS.exec(trimmed);
  return ADDRESS.test(named ? named[1].trim() : trimmed);
}

function invalid(message: string): Failure {
  return { error: { name: "validation_error", message } };
}

function missing(field: string): Failure {
  return { error: { name: "missing_required_field", message: `Missing \`${field}\` field.` } };
}

function addressList(value: unknown, field: string): string[] | Failure {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) {
    return invalid(`Invalid \`${field}\` field. Expected a string or an array of strings.`);
  }
  for (const address of list as string[]) {
    if (!isEmailAddress(address)) {
      return invalid(
        `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      );
    }
  }
  if (list.length > MAX_RECIPIENTS) {
    return invalid(`Too many recipients in \`${field}\`: the limit is ${MAX_RECIPIENTS}.`);
  }
  return list as string[];
}

function parseEmail(body: unknown): ParseResult {
  if (!body || typeof body !== "object" || Array.isArray(body)) return invalid("The body must be a JSON object.");
  const b = body as Record<string, unknown>;

  if (b.from === undefined || b.from === "") return missing("from");
  if (typeof b.from !== "string" || !isEmailAddress(b.from)) {
    return invalid(
      "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
    );
  }
  if (b.to === undefined || (Array.isArray(b.to) && b.to.length === 0) || b.to === "") return missing("to");
  const to = addressList(b.to, "to");
  if (!Array.isArray(to)) return to;
  const cc = b.cc === undefined ? [] : addressList(b.cc, "cc");
  if (!Array.isArray(cc)) return cc;
  const bcc = b.bcc === undefined ? [] : addressList(b.bcc, "bcc");
  if (!Array.isArray(bcc)) return bcc;
  const replyTo = b.reply_to === undefined ? [] : addressList(b.reply_to, "reply_to");
  if (!Array.isArray(replyTo)) return replyTo;

  if (b.subject === undefined || b.subject === "") return missing("subject");
  if (typeof b.subject !== "string") return invalid("Invalid `subject` field. Expected a string.");
  if (b.html !== undefined && typeof b.html !== "string") return invalid("Invalid `html` field. Expected a string.");
  if (b.text !== undefined && typeof b.text !== "string") return invalid("Invalid `text` field. Expected a string.");
  if (!b.html && !b.text) return missing("html` or `text");

  const headers: Record<string, string> = {};
  if (b.headers !== undefined) {
    if (!b.headers || typeof b.headers !== "object" || Array.isArray(b.headers)) {
      return invalid("Invalid `headers` field. Expected an object of strings.");
    }
    for (const [name, value] of Object.entries(b.headers)) {
      if (typeof value !== "string" || /[\r\n]/.test(value) || !/^[!-9;-~]+$/.test(name)) {
        return invalid(`Invalid \`headers\` field: header "${name}" is not valid.`);
      }
      headers[name] = value;
    }
  }

  const tags: { name: string; value: string }[] = [];
  if (b.tags !== undefined) {
    if (!Array.isArray(b.tags)) return invalid("Invalid `tags` field. Expected an array.");
    for (const tag of b.tags) {
      const ok = tag && typeof tag === "object" && typeof tag.name === "string" && typeof tag.value === "string" &&
        /^[A-Za-z0-9_-]{1,256}$/.test(tag.name) && /^[A-Za-z0-9_-]{0,256}$/.test(tag.value);
      if (!ok) {
        return invalid(
          "Invalid `tags` field. Tag names and values may only contain ASCII letters, numbers, underscores, or dashes.",
        );
      }
      tags.push({ name: tag.name, value: tag.value });
    }
  }

  const attachments: CaughtAttachment[] = [];
  if (b.attachments !== undefined) {
    if (!Array.isArray(b.attachments)) return invalid("Invalid `attachments` field. Expected an array.");
    for (const [index, item] of b.attachments.entries()) {
      const attachment = parseAttachment(item, index);
      if ("error" in attachment) return attachment;
      attachments.push(attachment.attachment);
    }
  }

  return {
    email: {
      from: b.from,
      to,
      cc,
      bcc,
      replyTo,
      subject: b.subject,
      html: typeof b.html === "string" ? b.html : null,
      text: typeof b.text === "string" ? b.text : null,
      headers,
      tags,
      attachments,
    },
  };
}

function parseAttachment(item: unknown, index: number): { attachment: CaughtAttachment } | Failure {
  const where = `attachments[${index}]`;
  if (!item || typeof item !== "object") return invalid(`Invalid \`${where}\`. Expected an object.`);
  const a = item as Record<string, unknown>;
  if (typeof a.filename !== "string" || !a.filename.trim()) return missing(`${where}.filename`);
  if (a.path !== undefined && a.content === undefined) {
    return invalid(`\`${where}.path\` is not supported locally; send \`content\` (base64).`);
  }
  if (typeof a.content !== "string") return missing(`${where}.content`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(a.content);
  } catch {
    return invalid(`Invalid \`${where}.content\`. Expected base64.`);
  }
  if (a.content_type !== undefined && typeof a.content_type !== "string") {
    return invalid(`Invalid \`${where}.content_type\`. Expected a string.`);
  }
  const contentType = (a.content_type as string | undefined) || contentTypeFor(a.filename);
  return {
    attachment: {
      filename: a.filename,
      contentType,
      size: bytes.length,
      contentBase64: a.content.replace(/\s+/g, ""),
      text: bytesAsText(bytes),
    },
  };
}
