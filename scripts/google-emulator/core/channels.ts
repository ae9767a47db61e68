// Notification channels (events.watch / channels.stop). Delivery itself lives in the HTTP layer.
import { ApiError, apiErrors } from "./errors.ts";
import { newOpaqueId } from "./ids.ts";
import { type EmulatorState, nowMs } from "./state.ts";
import type { Account, CalendarStore, Channel } from "./types.ts";

export interface ChannelResource {
  kind: "api#channel";
  id: string;
  resourceId: string;
  resourceUri: string;
  token?: string;
  expiration: string;
}

export function channelResource(channel: Channel): ChannelResource {
  return {
    kind: "api#channel",
    id: channel.id,
    resourceId: channel.resourceId,
    resourceUri: channel.resourceUri,
    ...(channel.token !== undefined ? { token: channel.token } : {}),
    expiration: String(channel.expiration),
  };
}

export const isLive = (state: EmulatorState, channel: Channel) => !channel.stopped && channel.expiration > nowMs(state);

export function watchEvents(
  state: EmulatorState,
  account: Account,
  calendar: CalendarStore,
  body: unknown,
): Channel {
  const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof input.id !== "string" || !input.id) throw apiErrors.required("Required channel id.");
  if (input.id.length > 64 || !/^[A-Za-z0-9\-_+/=]+$/.test(input.id)) throw apiErrors.invalid("Invalid channel id.");
  if (input.type !== "web_hook" && input.type !== "webhook") {
    throw apiErrors.badRequest(`Invalid channel type: ${String(input.type)}. Only web_hook is supported.`);
  }
  if (typeof input.address !== "string") throw apiErrors.required("Required address.");
  let address: URL;
  try {
    address = new URL(input.address);
  } catch {
    throw apiErrors.badRequest(`Invalid address: ${input.address}`);
  }
  // Google insists on https; the emulator also takes http so the local stack can receive.
  if (address.protocol !== "https:" && address.protocol !== "http:") {
    throw apiErrors.badRequest(`WebHook callback must be HTTPS: ${input.address}`);
  }
  if (input.token !== undefined && (typeof input.token !== "string" || input.token.length > 256)) {
    throw apiErrors.invalid("Invalid channel token.");
  }
  const existing = state.channels.get(input.id);
  if (existing && isLive(state, existing)) {
    throw new ApiError(400, { domain: "global", reason: "channelIdNotUnique", message: "Channel id not unique" });
  }
  const now = nowMs(state);
  const params = (input.params ?? undefined) as Record<string, string> | undefined;
  const ttlSeconds = params?.ttl !== undefined ? Number(params.ttl) : undefined;
  if (ttlSeconds !== undefined && (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)) {
    throw apiErrors.invalid("Invalid value for: params.ttl");
  }
  const requested = input.expiration !== undefined ? Number(input.expiration) : undefined;
  if (requested !== undefined && (!Number.isFinite(requested) || requested <= now)) {
    throw apiErrors.invalid("Invalid value for: expiration");
  }
  const expiration = requested ?? now + (ttlSeconds ?? state.config.channelDefaultTtlSec) * 1000;
  const channel: Channel = {
    id: input.id,
    resourceId: newOpaqueId(27),
    resourceUri: `${state.publicUrl}/calendar/v3/calendars/${encodeURIComponent(calendar.id)}/events?alt=json`,
    calendarId: calendar.id,
    email: account.email,
    address: address.toString(),
    token: input.token as string | undefined,
    expiration,
    params,
    createdAt: now,
    lastMessageNumber: 0,
    stopped: false,
  };
  state.channels.set(channel.id, channel);
  return channel;
}

export function stopChannel(state: EmulatorState, body: unknown): Channel {
  const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof input.id !== "string" || typeof input.resourceId !== "string") {
    throw apiErrors.required("Required channel id and resourceId.");
  }
  const channel = state.channels.get(input.id);
  if (!channel || channel.resourceId !== input.resourceId || channel.stopped) {
    throw apiErrors.notFound(`Channel '${input.id}' not found for project '000000000000'`);
  }
  channel.stopped = true;
  return channel;
}

export function liveChannelsFor(state: EmulatorState, calendarId: string): Channel[] {
  return [...state.channels.values()].filter((c) => c.calendarId === calendarId && isLive(state, c));
}

/** Message numbers grow per channel; 1 is the sync message. */
export function nextMessageNumber(channel: Channel): number {
  channel.lastMessageNumber += 1;
  return channel.lastMessageNumber;
}
