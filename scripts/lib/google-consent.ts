// Connects a Google account to a property the way a property manager does, without a
// browser: a ticket from the WordPress server's side (the site secret), the connect
// route, the emulator's consent page answered with Allow or Deny, the callback. Used by
// the demo set-up and the tests; plain fetch, so Deno and Node both run it.

export interface ConsentOptions {
  functionsUrl: string;
  siteSecret: string;
  email: string;
  returnUrl: string;
  decision?: "allow" | "deny";
}

/** Where the browser would end: the WordPress page, with the result in its query. */
export async function connectThroughConsent(o: ConsentOptions): Promise<URL> {
  const ticket = await fetch(`${o.functionsUrl}/lumaleasing/admin/connect-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${o.siteSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ wpUserId: 1, wpUserEmail: "admin@lumaleasing.test", returnUrl: o.returnUrl }),
  });
  if (ticket.status !== 200) throw new Error(`connect-ticket → ${ticket.status}: ${await ticket.text()}`);
  const { connectUrl } = await ticket.json();
  return await consentThroughLink(connectUrl, o.email, o.decision);
}

/** Follows a connect link (any ticket) through the consent page; where the browser would end. */
export async function consentThroughLink(connectUrl: string, email: string, decision: "allow" | "deny" = "allow"): Promise<URL> {
  const toGoogle = await fetch(connectUrl, { redirect: "manual" });
  await toGoogle.body?.cancel();
  const consentUrl = toGoogle.headers.get("location");
  if (toGoogle.status !== 302 || !consentUrl) throw new Error(`connect → ${toGoogle.status}, no redirect to Google`);
  const html = await (await fetch(consentUrl)).text();
  const request = html.match(/name="request" value="([^"]+)"/)?.[1];
  if (!request) throw new Error(`no consent form at ${consentUrl}: ${html.slice(0, 300)}`);
  const decided = await fetch(new URL("/o/oauth2/v2/auth/decision", consentUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, account: email, decision }),
  });
  await decided.body?.cancel();
  const callbackUrl = decided.headers.get("location");
  if (!callbackUrl) throw new Error(`consent decision → ${decided.status} without a redirect`);
  const back = await fetch(callbackUrl, { redirect: "manual" });
  await back.body?.cancel();
  const location = back.headers.get("location");
  if (!location) throw new Error(`callback → ${back.status} without a redirect`);
  return new URL(location);
}
