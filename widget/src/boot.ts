// Start the full widget: take over from the loader's queue stub and replay what the page
// asked for before we arrived.
import { INLINE_SELECTOR, MANAGE_PARAM, type LumaLeasingGlobal } from "./handoff.ts";
import { readConfig } from "./loader/config.ts";
import { mountWidget, type MountedWidget } from "./mount.tsx";

export function boot(w: Window, script: HTMLScriptElement | null, fetchImpl?: typeof fetch): MountedWidget | null {
  const stub = w.lumaleasing;
  const page = stub?.c ?? readConfig(script?.dataset, w.LumaLeasingConfig);
  if (!page) {
    console.warn("LumaLeasing: set data-backend and data-widget-key on the script tag, or window.LumaLeasingConfig.");
    return null;
  }
  const widget = mountWidget({
    page,
    container: stub?.c ? stub.i : w.document.querySelector(INLINE_SELECTOR),
    launcher: stub?.b,
    fetch: fetchImpl,
  });
  const queue = stub?.q ?? [];
  const api: LumaLeasingGlobal = (...args: unknown[]) => widget.command(...args);
  api.q = [];
  w.lumaleasing = api;
  for (const args of queue) widget.command(...Array.from(args));

  // The manage token is a credential: keep it out of the address bar, history and referrers.
  const url = new URL(w.location.href);
  if (url.searchParams.has(MANAGE_PARAM)) {
    if (!stub?.c) widget.command("manage", url.searchParams.get(MANAGE_PARAM));
    url.searchParams.delete(MANAGE_PARAM);
    w.history.replaceState?.(w.history.state, "", url.href);
  }
  return widget;
}
