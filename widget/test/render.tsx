// Render the widget (open) against a fake backend, as the mount does but without the shadow root.
import { render } from "@testing-library/preact";
import { createApi } from "../src/api/client.ts";
import type { Lang } from "../src/i18n/lang.ts";
import { createStore } from "../src/state/store.ts";
import { App } from "../src/ui/App.tsx";
import { BACKEND, fakeBackend, NOW, WIDGET_KEY } from "./fakeBackend.ts";

export interface RenderOptions {
  backend?: ReturnType<typeof fakeBackend>;
  lang?: Lang;
  locale?: string;
  visitorTimeZone?: string;
  inline?: boolean;
  open?: boolean;
  loadConfig?: boolean;
}

export async function renderWidget(options: RenderOptions = {}) {
  const backend = options.backend ?? fakeBackend();
  const lang = options.lang ?? "en";
  const store = createStore({
    api: createApi({ backend: BACKEND, widgetKey: WIDGET_KEY, fetch: backend.fetch }),
    page: { backend: BACKEND, widgetKey: WIDGET_KEY },
    lang,
    locale: options.locale ?? (lang === "es" ? "es-MX" : "en-US"),
    sessionId: "session-1",
    inline: options.inline,
    now: () => NOW,
    visitorTimeZone: options.visitorTimeZone ?? "America/Chicago",
  });
  if (options.loadConfig !== false) await store.ensureConfig();
  if (options.open !== false) store.open();
  const view = render(<App store={store} />);
  return { store, backend, ...view };
}
