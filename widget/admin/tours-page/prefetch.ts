// Entry of assets/tours-prefetch.js, which the plugin prints inline before tours-admin.js:
// the month's tours and the agents are asked for while the big bundle still downloads and
// parses. The app's own calls pick the answers up (prefetchedFetch), matched by their URL;
// anything else, or a page without this script, fetches as usual.
import { routeUrl } from "../api.ts";
import { initialMonthRange, MONTH_TOURS_PER_DAY, todayIn } from "./model.ts";
import { PREFETCH_GLOBAL, type Prefetched } from "./prefetched.ts";
import type { ToursConfig } from "./types.ts";

const config = (window as { LumaLeasingToursConfig?: ToursConfig }).LumaLeasingToursConfig;
const root = document.getElementById("lumaleasing-tours-root");
if (config?.connected && typeof config.restUrl === "string" && typeof config.nonce === "string" && root) {
  const ask = (url: string) => {
    const answer = fetch(url, { headers: { "X-WP-Nonce": config.nonce, Accept: "application/json" }, credentials: "same-origin" });
    answer.catch(() => {}); // the app's call reports it
    return answer;
  };
  const asked: Prefetched = {};
  asked[routeUrl(config.restUrl, "office/agents")] = ask(routeUrl(config.restUrl, "office/agents"));
  // The same first range as main.tsx (a screen under 600 px opens on the day view instead).
  if (root.clientWidth >= 600) {
    const range = initialMonthRange(todayIn(config.timezone || "UTC"));
    const url = routeUrl(config.restUrl, "office/tours", { ...range, perDay: MONTH_TOURS_PER_DAY });
    asked[url] = ask(url);
  }
  (window as unknown as Record<string, Prefetched>)[PREFETCH_GLOBAL] = asked;
}
