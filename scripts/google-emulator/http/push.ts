// Push notifications to watch channels: fire-and-forget, in order per channel, retried on 500/502/503/504.
import { liveChannelsFor, nextMessageNumber } from "../core/channels.ts";
import { type CalendarChange, type EmulatorState, nowMs } from "../core/state.ts";
import type { Channel, Delivery } from "../core/types.ts";
import { sleep } from "./respond.ts";

const retryStatuses = new Set([500, 502, 503, 504]);

export class PushDispatcher {
  #queues = new Map<string, Promise<void>>();
  #pending = new Set<Promise<void>>();
  #stop = new AbortController();

  constructor(private readonly state: EmulatorState) {}

  /** Subscribes to calendar changes. */
  attach(): void {
    this.state.listeners.add((change) => this.onChange(change));
  }

  channelCreated(channel: Channel): void {
    this.#enqueue(channel, "sync");
  }

  onChange(change: CalendarChange): void {
    for (const channel of liveChannelsFor(this.state, change.calendarId)) {
      this.#enqueue(channel, change.kind === "gone" ? "not_exists" : "exists");
      // A calendar that is gone has nothing more to say.
      if (change.kind === "gone") channel.stopped = true;
    }
  }

  /** Resolves once every queued notification has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.idle();
  }

  #enqueue(channel: Channel, resourceState: Delivery["resourceState"]): void {
    if (this.#stop.signal.aborted) return;
    // Numbers are taken now so they follow the order of changes.
    const messageNumber = nextMessageNumber(channel);
    const previous = this.#queues.get(channel.id) ?? Promise.resolve();
    const next = previous.then(() => this.#deliver(channel, resourceState, messageNumber)).catch((error) => {
      console.error("google emulator: push delivery failed", error);
    });
    this.#queues.set(channel.id, next);
    this.#pending.add(next);
    next.finally(() => {
      this.#pending.delete(next);
      if (this.#queues.get(channel.id) === next) this.#queues.delete(channel.id);
    });
  }

  async #deliver(channel: Channel, resourceState: Delivery["resourceState"], messageNumber: number): Promise<void> {
    const headers: Record<string, string> = {
      "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
      "x-goog-channel-id": channel.id,
      "x-goog-message-number": String(messageNumber),
      "x-goog-resource-id": channel.resourceId,
      "x-goog-resource-state": resourceState,
      "x-goog-resource-uri": channel.resourceUri,
      "x-goog-channel-expiration": new Date(channel.expiration).toUTCString(),
    };
    if (channel.token !== undefined) headers["x-goog-channel-token"] = channel.token;
    const delays = this.state.config.pushRetryDelaysMs;
    let outcome: Delivery["outcome"] = "not sent";
    let attempts = 0;
    for (let attempt = 0; attempt <= delays.length && !this.#stop.signal.aborted; attempt++) {
      attempts++;
      const attemptAbort = new AbortController();
      const abortAttempt = () => attemptAbort.abort();
      const timer = setTimeout(abortAttempt, 10_000);
      this.#stop.signal.addEventListener("abort", abortAttempt, { once: true });
      try {
        const response = await fetch(channel.address, {
          method: "POST",
          headers,
          body: "",
          signal: attemptAbort.signal,
        });
        await response.body?.cancel();
        outcome = response.status;
        if (!retryStatuses.has(response.status)) break;
      } catch (error) {
        outcome = `error: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        clearTimeout(timer);
        this.#stop.signal.removeEventListener("abort", abortAttempt);
      }
      if (attempt < delays.length) await sleep(delays[attempt], this.#stop.signal);
    }
    this.state.deliveries.push({
      channelId: channel.id,
      resourceState,
      messageNumber,
      address: channel.address,
      attempts,
      outcome,
      at: new Date(nowMs(this.state)).toISOString(),
    });
    if (this.state.deliveries.length > this.state.config.requestLogLimit) this.state.deliveries.shift();
  }
}
