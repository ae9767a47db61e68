// Start the full widget: take over from the loader's queue stub and replay what the page
// asked for before we arrived.
import { effect } from "@preact/signals";
import { INLINE_SELECTOR, MANAGE_PARAM, type LumaLeasingGlobal, widgetFile } from "./handoff.ts";
import { BUNDLED_LANG } from "./i18n/index.ts";
import type { Lang } from "./i18n/lang.ts";
import { readConfig } from "./loader/config.ts";
import { mountWidget, type MountedWidget } from "./mount.tsx";

export function boot(w: Window, script: HTMLScriptElement | null, fetchImpl?: typeof fetch): MountedWidget | null {
  const stub = w.lumaleasing;
  const page = stub?.c ?? readConfig(script?.dataset, w.LumaLeasingConfig);
  if (!page) {
    console.warn("LumaLeasing: set data-backend and data-widget-key on the script tag, or window.LumaLeasingConfig.");
    return null;
  }
  stub?.d?.();
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

  // A built bundle speaks one language: a managed booking in the other one brings in that
  // language's bundle, which takes over (and removes this one) when it starts.
  const stopWatch = effect(() => {
    const lang = widget.store.lang.value;
    const token = widget.store.manageToken.peek();
    if (BUNDLED_LANG && lang !== BUNDLED_LANG && token) {
      queueMicrotask(() => stopWatch());
      switchBundle(w, script, lang, token, {
        c: { ...page, lang },
        b: stub?.b,
        i: stub?.c ? stub.i : w.document.querySelector(INLINE_SELECTOR),
      }, widget);
    }
  });
  return widget;
}

function switchBundle(
  w: Window,
  script: HTMLScriptElement | null,
  lang: Lang,
  token: string,
  handoff: Pick<LumaLeasingGlobal, "c" | "b" | "i">,
  current: MountedWidget,
) {
  const previous = w.lumaleasing;
  const queue: ArrayLike<unknown>[] = [["manage", token]];
  const next: LumaLeasingGlobal = (...args: unknown[]) => void queue.push(args);
  Object.assign(next, handoff, { q: queue, d: current.destroy });
  w.lumaleasing = next;
  const file = widgetFile(lang);
  const src = new URL(script?.src || file, w.document.baseURI);
  src.pathname = src.pathname.replace(/[^/]*$/, file);
  const tag = w.document.createElement("script");
  tag.src = src.href;
  tag.async = true;
  tag.onerror = () => {
    w.lumaleasing = previous; // keep the widget we have
    tag.remove();
  };
  w.document.head.appendChild(tag);
}
