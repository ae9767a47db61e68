/** @jsxImportSource preact */
// Entry of assets/tours-admin.js (Admin → Tours only): mounts the app into
// #lumaleasing-tours-root with window.LumaLeasingToursConfig, printed by the plugin.
import { render } from "preact";
import { createToursApi } from "./api.ts";
import { ToursApp } from "./app.tsx";
import { TourCalendar } from "./calendar.tsx";
import { initialMonthRange, MONTH_TOURS_PER_DAY, todayIn } from "./model.ts";
import { PREFETCH_GLOBAL, type Prefetched, prefetchedFetch } from "./prefetched.ts";
import type { ToursConfig } from "./types.ts";
import "./tours.css";

declare global {
  interface Window {
    LumaLeasingToursConfig?: ToursConfig;
  }
}

function mount() {
  const root = document.getElementById("lumaleasing-tours-root");
  const config = window.LumaLeasingToursConfig;
  if (!root || !config || typeof config.restUrl !== "string" || typeof config.nonce !== "string") return;
  root.textContent = "";
  // The inline script before this bundle may have asked for the first answers already.
  const early = (window as unknown as Record<string, Prefetched | undefined>)[PREFETCH_GLOBAL];
  const api = createToursApi(config, prefetchedFetch(early));
  // The month's tours are asked for at once, while the calendar is still being drawn
  // (a screen under 600 px opens on the day view instead, which asks for itself).
  let prefetched = null;
  if (config.connected && root.clientWidth >= 600) {
    const range = initialMonthRange(todayIn(config.timezone || "UTC"));
    prefetched = { range, answer: api.list({ ...range, perDay: MONTH_TOURS_PER_DAY }) };
    prefetched.answer.catch(() => {}); // the calendar reports a failure when it reads the answer
  }
  render(<ToursApp config={config} api={api} Calendar={TourCalendar} prefetched={prefetched} />, root);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
