// Mount the full widget into a shadow root (floating, or inline in a page container) and
// answer the page's commands.
import { effect } from "@preact/signals";
import { render } from "preact";
import { createApi } from "./api/client.ts";
import { BUNDLED_LANG } from "./i18n/index.ts";
import { formatLocale, resolveLang } from "./i18n/lang.ts";
import type { PageConfig } from "./loader/config.ts";
import { createStore, type Store } from "./state/store.ts";
import { App } from "./ui/App.tsx";
import css from "./ui/styles.css?inline";
import { textOn } from "./theme/color.ts";
import { sessionId } from "./util/id.ts";

export interface MountOptions {
  page: PageConfig;
  /** Render inline in this element instead of floating. */
  container?: Element | null;
  /** The loader's launcher button: kept in sync (aria-expanded) and focused on close. */
  launcher?: HTMLElement | null;
  fetch?: typeof fetch;
  now?: () => Date;
}

export interface MountedWidget {
  store: Store;
  host: HTMLElement;
  shadow: ShadowRoot;
  command: (name?: unknown, arg?: unknown) => void;
  destroy: () => void;
}

export function mountWidget(options: MountOptions): MountedWidget {
  const { page, container, launcher } = options;
  const htmlLang = document.documentElement.lang;
  // A built bundle speaks the language it was built for (the loader picked it for this page).
  const lang = BUNDLED_LANG ?? resolveLang(page.lang, htmlLang);
  const store = createStore({
    api: createApi({ backend: page.backend, widgetKey: page.widgetKey, fetch: options.fetch }),
    page,
    lang,
    locale: formatLocale(lang, htmlLang, navigator.languages ?? [navigator.language]),
    localeFor: (other) => formatLocale(other, htmlLang, navigator.languages ?? [navigator.language]),
    sessionId: sessionId(),
    inline: !!container,
    now: options.now,
  });

  const host = document.createElement("div");
  host.className = "lumaleasing-widget";
  if (container) container.replaceChildren(host);
  else document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = css;
  const mountPoint = document.createElement("div");
  shadow.append(style, mountPoint);
  render(<App store={store} />, mountPoint);

  let wasOpen = store.isOpen.peek();
  const stopSync = effect(() => {
    const open = store.isOpen.value;
    // The loader drew the launcher before the property's brand colour was known.
    if (launcher && !page.color) {
      launcher.style.background = store.brandColor.value;
      launcher.style.color = textOn(store.brandColor.value);
    }
    host.dataset.mode = store.state.value.mode;
    host.dataset.open = String(open);
    launcher?.setAttribute("aria-expanded", String(open));
    // Escape or Close: focus goes back to the launcher.
    if (wasOpen && !open) launcher?.focus();
    wasOpen = open;
  });

  void store.ensureConfig();
  if (container?.getAttribute("data-lumaleasing-inline") === "calendar") store.startBooking();

  function command(name?: unknown, arg?: unknown) {
    if (name === "open") store.open(typeof arg === "string" ? arg : undefined);
    else if (name === "close") store.close();
    else if (name === "toggle") store.isOpen.peek() ? store.close() : store.open(typeof arg === "string" ? arg : undefined);
    else if (name === "manage" && typeof arg === "string" && arg) store.openManage(arg);
  }

  return {
    store,
    host,
    shadow,
    command,
    destroy() {
      stopSync();
      render(null, mountPoint);
      host.remove();
    },
  };
}
