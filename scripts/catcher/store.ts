// In-memory record of every message the catcher accepted, plus Resend-style idempotency
// keys. Lives as long as the process; `clear()` is the reset tests call between cases.

import type { Clock } from "../../supabase/functions/_shared/adapters/clock.ts";

export interface CaughtAttachment {
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string;
  /** The decoded content when it is valid UTF-8 (e.g. an .ics file). */
  text: string | null;
}

export interface CaughtEmail {
  kind: "email";
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  attachments: CaughtAttachment[];
  idempotencyKey: string | null;
}

export interface CaughtSms {
  kind: "sms";
  id: string;
  receivedAt: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numSegments: number;
  encoding: "GSM-7" | "UCS-2";
}

export type CaughtMessage = CaughtEmail | CaughtSms;

export interface MessageFilter {
  to?: string;
  kind?: "email" | "sms";
  since?: Date;
}

// A long-running dev stack should not grow without bound; benchmarks may keep more.
const MAX_MESSAGES = Number(Deno.env.get("LUMALEASING_CATCHER_MAX_MESSAGES") ?? 5000);
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

interface IdempotencyRecord {
  fingerprint: string;
  id: string;
  at: number;
}

export class MessageStore {
  #messages: CaughtMessage[] = [];
  #idempotency = new Map<string, IdempotencyRecord>();

  constructor(private readonly clock: Clock) {}

  now(): Date {
    return this.clock.now();
  }

  add(message: CaughtMessage): void {
    this.#messages.push(message);
    if (this.#messages.length > MAX_MESSAGES) this.#messages.splice(0, this.#messages.length - MAX_MESSAGES);
  }

  /** Newest first. */
  list(filter: MessageFilter = {}): CaughtMessage[] {
    const wanted = filter.to ? normalizeRecipient(filter.to) : null;
    const since = filter.since?.getTime();
    return this.#messages
      .filter((m) => !filter.kind || m.kind === filter.kind)
      .filter((m) => since === undefined || Date.parse(m.receivedAt) >= since)
      .filter((m) => !wanted || recipientsOf(m).includes(wanted))
      .reverse();
  }

  get(id: string): CaughtMessage | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  clear(): number {
    const count = this.#messages.length;
    this.#messages = [];
    this.#idempotency.clear();
    return count;
  }

  /**
   * Looks up an idempotency key within its 24 h window: "new" when unused, the earlier id
   * when the payload matches, "conflict" when the same key came with another payload.
   */
  checkIdempotency(key: string, fingerprint: string): { state: "new" } | { state: "replay"; id: string } | {
    state: "conflict";
  } {
    const record = this.#idempotency.get(key);
    if (!record || this.clock.now().getTime() - record.at >= IDEMPOTENCY_WINDOW_MS) return { state: "new" };
    return record.fingerprint === fingerprint ? { state: "replay", id: record.id } : { state: "conflict" };
  }

  rememberIdempotency(key: string, fingerprint: string, id: string): void {
    this.#idempotency.set(key, { fingerprint, id, at: this.clock.now().getTime() });
  }
}

/**
 * "Maria <Maria@Example.com>" → "maria@example.com"; a phone number keeps its digits only,
 * so "?to=+1512…" matches even when the query string turned "+" into a space.
 */
export function normalizeRecipient(value: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(value.trim());
  const bare = (angle ? angle[1] : value).trim();
  return bare.includes("@") ? bare.toLowerCase() : bare.replace(/\D/g, "");
}

function recipientsOf(message: CaughtMessage): string[] {
  return message.kind === "email"
    ? [...message.to, ...message.cc, ...message.bcc].map(normalizeRecipient)
    : [normalizeRecipient(message.to)];
}
