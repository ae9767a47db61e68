// Puts the demo property in the state a newcomer should see: two agents' calendars
// connected through the real OAuth round trip (the emulator's consent page, answered
// here), so availability shows real gaps straight away.
import { DEMO } from "./demo.ts";
import { connectThroughConsent } from "./google-consent.ts";

export async function connectDemoCalendars(opts: { functionsUrl: string; returnUrl: string; enabled: boolean }) {
  if (!opts.enabled) return;
  for (const email of DEMO.agents) {
    const back = await connectThroughConsent({ functionsUrl: opts.functionsUrl, siteSecret: DEMO.siteSecret, email, returnUrl: opts.returnUrl });
    const result = back.searchParams.get("lumaleasing_calendar");
    if (result !== "connected") throw new Error(`connecting ${email} ended with ${result} (${back.searchParams.get("reason")})`);
  }
}
