// Fault injection: tests queue failures for the next N calls of one kind, so the
// senders' retry classification is exercised against real HTTP answers. A fault strikes
// before the message is looked at (the provider never got it), or — with afterAccept —
// after the message was stored (it went out, but the sender never heard so).

export type FaultKind = "email" | "sms";

export interface Fault {
  kind: FaultKind;
  /** HTTP status to answer with; omitted with hangMs → hang, then answer normally. */
  status?: number;
  /** Provider error code to use (Twilio code or Resend error name); a fitting default otherwise. */
  code?: string | number;
  message?: string;
  hangMs?: number;
  /** Cut the connection instead of answering (after hangMs, if given). */
  drop?: boolean;
  /** Store the message first, then fail the answer: "sent, but we never heard". */
  afterAccept?: boolean;
}

export interface FaultRequest extends Fault {
  count: number;
}

export class FaultQueue {
  #pending: Fault[] = [];

  add(request: FaultRequest): void {
    const { count, ...fault } = request;
    for (let i = 0; i < count; i++) this.#pending.push(fault);
  }

  /** Takes the next fault for this kind, if any. */
  take(kind: FaultKind): Fault | undefined {
    const index = this.#pending.findIndex((f) => f.kind === kind);
    return index === -1 ? undefined : this.#pending.splice(index, 1)[0];
  }

  list(): Fault[] {
    return [...this.#pending];
  }

  clear(): void {
    this.#pending = [];
  }
}

/** Validates the JSON body of POST /__control/faults; returns an error message or the request. */
export function parseFaultRequest(body: unknown): FaultRequest | string {
  if (!body || typeof body !== "object") return "body must be a JSON object";
  const b = body as Record<string, unknown>;
  if (b.kind !== "email" && b.kind !== "sms") return 'kind must be "email" or "sms"';
  const count = b.count === undefined ? 1 : b.count;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1000) {
    return "count must be an integer from 1 to 1000";
  }
  if (
    b.status !== undefined && (!Number.isInteger(b.status) || (b.status as number) < 400 || (b.status as number) > 599)
  ) {
    return "status must be an HTTP error status (400-599)";
  }
  if (
    b.hangMs !== undefined &&
    (!Number.isInteger(b.hangMs) || (b.hangMs as number) < 0 || (b.hangMs as number) > 600_000)
  ) {
    return "hangMs must be an integer from 0 to 600000";
  }
  if (b.drop !== undefined && typeof b.drop !== "boolean") return "drop must be true or false";
  if (b.afterAccept !== undefined && typeof b.afterAccept !== "boolean") return "afterAccept must be true or false";
  if (b.drop === true && b.status !== undefined) return "give status or drop, not both";
  if (b.status === undefined && b.hangMs === undefined && b.drop !== true) return "give status, hangMs or drop";
  if (b.code !== undefined && typeof b.code !== "string" && typeof b.code !== "number") {
    return "code must be a string or number";
  }
  if (b.message !== undefined && typeof b.message !== "string") return "message must be a string";
  return {
    kind: b.kind,
    count: count as number,
    ...(b.status !== undefined ? { status: b.status as number } : {}),
    ...(b.hangMs !== undefined ? { hangMs: b.hangMs as number } : {}),
    ...(b.code !== undefined ? { code: b.code as string | number } : {}),
    ...(b.message !== undefined ? { message: b.message as string } : {}),
    ...(b.drop === true ? { drop: true } : {}),
    ...(b.afterAccept === true ? { afterAccept: true } : {}),
  };
}

/**
 * An answer that never completes: the body fails at once, so the server cuts the
 * connection and the client reads a network error, never a status it can trust. (The
 * server logs the failure; a plain string keeps that to one line.)
 */
export function droppedConnection(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error("catcher: connection cut by an injected fault");
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );
}

/** Waits ms, or less if the server is closing. Resolves true when it waited the full time. */
export function hang(ms: number, closing: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (closing.aborted) return resolve(false);
    const timer = setTimeout(() => {
      closing.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    closing.addEventListener("abort", onAbort, { once: true });
  });
}
