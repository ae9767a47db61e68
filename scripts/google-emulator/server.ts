// The Google emulator's HTTP server: Google's OAuth and Calendar v3 paths on one origin, plus /__control/ and a home page.
import { type Clock, settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { faultError } from "./core/errors.ts";
import { logRequest, takeFault } from "./core/faults.ts";
import { createIdTokenSigner } from "./core/id-token.ts";
import { base64UrlDecode } from "./core/ids.ts";
import { createState, type EmulatorState } from "./core/state.ts";
import { calendarRoute } from "./http/calendar-routes.ts";
import { type ControlContext, controlRoute } from "./http/control-routes.ts";
import { homeFragment, homePage } from "./http/home-page.ts";
import { oauthRoute } from "./http/oauth-routes.ts";
import { PushDispatcher } from "./http/push.ts";
import { errorToResponse, html, json, redirect, sleep } from "./http/respond.ts";
import { apiErrors } from "./core/errors.ts";

export type { EmulatorState } from "./core/state.ts";

export interface GoogleEmulatorOptions {
  port?: number;
  hostname?: string;
  clock?: Clock;
  /** Origin clients use to reach the emulator, when it differs from the listening address. */
  publicUrl?: string;
}

export interface GoogleEmulator {
  url: string;
  port: number;
  state: EmulatorState;
  /** Resolves when every queued push notification has been delivered or given up. */
  pushIdle(): Promise<void>;
  close(): Promise<void>;
}

function pageRoute(state: EmulatorState, url: URL): Response | undefined {
  if (url.pathname === "/") {
    return url.searchParams.get("fragment") ? json(200, homeFragment(state)) : html(200, homePage(state));
  }
  if (url.pathname === "/favicon.ico") return new Response(null, { status: 204 });
  if (url.pathname === "/calendar/event") {
    // htmlLink target: jump to the event on the home page.
    const eid = url.searchParams.get("eid") ?? "";
    let eventId = "";
    try {
      eventId = base64UrlDecode(eid).split(" ")[0];
    } catch { /* fall through to the page top */ }
    return redirect(`/#event-${encodeURIComponent(eventId)}`);
  }
  return undefined;
}

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const clock = options.clock ?? settableClock();
  const state = createState(clock, await createIdTokenSigner());
  const push = new PushDispatcher(state);
  push.attach();
  // The clock does not say whether it is frozen; watching it for a moment does.
  const firstReading = clock.now().getTime();
  await sleep(3);
  const control: ControlContext = { state, push, clock, clockFrozen: clock.now().getTime() === firstReading };
  const closing = new AbortController();
  const hostname = options.hostname ?? "127.0.0.1";

  async function googleRoute(request: Request, url: URL): Promise<Response> {
    const entry = logRequest(state, request, url);
    const started = performance.now();
    // Waits end early only when the emulator closes (a client that gave up does not shorten a hang).
    const wait = closing.signal;
    let response: Response;
    try {
      if (state.latencyMs > 0) await sleep(state.latencyMs, wait);
      const fault = takeFault(state, request.method, url.pathname);
      if (fault?.hangMs) await sleep(fault.hangMs, wait);
      if (fault?.status) {
        const error = faultError(fault.status, fault.reason, fault.message);
        response = json(error.code, error.body(), error.headers);
      } else {
        response = (await oauthRoute(state, request, url)) ??
          (url.pathname.startsWith("/calendar/v3/")
            ? await calendarRoute(state, { channelCreated: (c) => push.channelCreated(c) }, request, url)
            : errorToResponse(apiErrors.notFound()));
      }
    } catch (error) {
      response = errorToResponse(error);
    }
    entry.status = response.status;
    entry.durationMs = Math.round(performance.now() - started);
    return response;
  }

  const server = Deno.serve({ port: options.port ?? 0, hostname, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/__control" || url.pathname.startsWith("/__control/")) {
      return controlRoute(control, request, url);
    }
    return pageRoute(state, url) ?? googleRoute(request, url);
  });
  const port = server.addr.port;
  const reachableHost = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  const url = `http://${reachableHost.includes(":") ? `[${reachableHost}]` : reachableHost}:${port}`;
  state.publicUrl = options.publicUrl?.replace(/\/+$/, "") ?? url;

  return {
    url,
    port,
    state,
    pushIdle: () => push.idle(),
    async close() {
      closing.abort();
      await push.close();
      await server.shutdown();
    },
  };
}
