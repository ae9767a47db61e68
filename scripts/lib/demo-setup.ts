// Puts the demo property in the state a newcomer should see: two agents' calendars
// connected through the real OAuth round trip (the emulator's consent page, answered
// here), so availability shows real gaps straight away.
import { DEMO } from "./demo.ts";

async function connect(functionsUrl: string, googleUrl: string, email: string, returnUrl: string) {
  const ticket = await fetch(`${functionsUrl}/lumaleasing/admin/connect-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEMO.siteSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ wpUserEmail: "admin@lumaheights.example", returnUrl }),
  });
  if (!ticket.ok) throw new Error(`connect-ticket → ${ticket.status}: ${await ticket.text()}`);
  const { connectUrl } = await ticket.json();
  const toGoogle = await fetch(connectUrl, { redirect: "manual" });
  await toGoogle.body?.cancel();
  const consent = await (await fetch(toGoogle.headers.get("location")!)).text();
  const request = consent.match(/name="request" value="([^"]+)"/)?.[1];
  if (!request) throw new Error("the emulator's consent page has no request id");
  const decided = await fetch(`${googleUrl}/o/oauth2/v2/auth/decision`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, account: email, decision: "allow" }),
  });
  await decided.body?.cancel();
  const back = await fetch(decided.headers.get("location")!, { redirect: "manual" });
  await back.body?.cancel();
  const result = new URL(back.headers.get("location") ?? "http://x/").searchParams.get("lumaleasing_calendar");
  if (result !== "connected") throw new Error(`connecting ${email} ended with ${result}`);
}

export async function connectDemoCalendars(opts: { functionsUrl: string; googleUrl: string; returnUrl: string; enabled: boolean }) {
  if (!opts.enabled) return;
  for (const email of DEMO.agents) await connect(opts.functionsUrl, opts.googleUrl, email, opts.returnUrl);
}
