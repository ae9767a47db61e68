// What the browser benchmarks share: Debian's Chromium launched the same way, a page with
// its CPU slowed by the DevTools protocol, and the median of a run's numbers.
import { type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = Deno.env.get("LUMALEASING_CHROMIUM") ?? "/usr/bin/chromium";

export function launchBenchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

/** A new page in `context` whose CPU runs `slowdown` times slower. */
export async function throttledPage(context: BrowserContext, slowdown: number): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
  return page;
}

export const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

export const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
