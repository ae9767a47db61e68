// POST /calendar/webhook — Google's push notifications for a calendar's watch channel.
// The channel id names a calendar (lumaleasing.resolve_watch_channel); the channel token
// (our per-channel secret, compared in constant time) and the resource id prove the
// message is Google's. Unknown or forged → 404/401 and no work. "sync" (channel created)
// → 200 and nothing else; "exists" → 200 at once, the incremental sync runs after the
// answer (EdgeRuntime.waitUntil); "not_exists" (the calendar is gone) → forget the channel.
import { withProperty, withResolver } from "../_shared/adapters/db.ts";
import { apiError, json, type RouteContext, type RouteHandler } from "../_shared/adapters/http.ts";
import { deps, type Deps } from "../_shared/services/deps.ts";
import { requestSync } from "../_shared/services/google-sync.ts";
import { sameSecret } from "../_shared/core/constant-time.ts";

interface ChannelOwner {
  property_id: string;
  agent_calendar_id: string;
  watch_token: string | null;
  watch_resource_id: string | null;
}

type Background = (task: Promise<unknown>) => void;

const inProcess = new Set<Promise<unknown>>();

/** Work after the answer: EdgeRuntime.waitUntil where the runtime has it, else tracked here. */
function runAfterAnswer(task: Promise<unknown>) {
  const runtime = (globalThis as unknown as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime;
  const tracked = task.catch((err) => console.error("calendar webhook sync failed:", err));
  if (runtime) return runtime.waitUntil(tracked);
  inProcess.add(tracked);
  tracked.finally(() => inProcess.delete(tracked));
}

/** Resolves when every sync started by a notification in this process has finished. */
export async function webhookIdle(): Promise<void> {
  while (inProcess.size) await Promise.allSettled([...inProcess]);
}

export function webhookHandler(getDeps: () => Deps = deps, background: Background = runAfterAnswer): RouteHandler {
  return async ({ req }: RouteContext) => {
    await req.body?.cancel();
    const channelId = req.headers.get("x-goog-channel-id")?.trim() ?? "";
    const token = req.headers.get("x-goog-channel-token") ?? "";
    const resourceId = req.headers.get("x-goog-resource-id") ?? "";
    const state = req.headers.get("x-goog-resource-state") ?? "";
    if (!channelId || channelId.length > 64) return apiError(404, "unknown_channel", "No such notification channel.");
    const d = getDeps();
    const [owner] = await withResolver((tx) =>
      tx<ChannelOwner[]>`select property_id, agent_calendar_id, watch_token, watch_resource_id
        from lumaleasing.resolve_watch_channel(${channelId})`, d.sql);
    if (!owner) return apiError(404, "unknown_channel", "No such notification channel.");
    const tokenOk = await sameSecret(token, owner.watch_token ?? "");
    // The resource id is stored once Google has answered the watch call; its "sync" may come first.
    const resourceOk = !owner.watch_resource_id || owner.watch_resource_id === resourceId;
    if (!owner.watch_token || !tokenOk || !resourceOk) {
      return apiError(401, "invalid_channel_token", "This notification could not be verified.");
    }
    const ref = { propertyId: owner.property_id, calendarId: owner.agent_calendar_id };
    if (state === "exists") {
      background(requestSync(d, ref));
      return json(200, { success: true, state, sync: "started" });
    }
    if (state === "not_exists") {
      await withProperty(owner.property_id, (tx) =>
        tx`update public.agent_calendars set watch_channel_id = null, watch_resource_id = null, watch_token = null,
            watch_expires_at = null
          where id = ${owner.agent_calendar_id} and watch_channel_id = ${channelId}`, d.sql);
    }
    return json(200, { success: true, state });
  };
}

export const webhook: RouteHandler = webhookHandler();
