// GET tours/manage-page?token= · POST tours/manage-page/cancel: the manage link's own page,
// for a property whose site has not yet said which of its pages opens the link (a property
// made with the CLI before any WordPress exists). Plain HTML, no script and no widget key:
// the tour, and a button that cancels it; to pick another time the prospect books again
// or calls the office. Once the site names its page, new links open the widget there.
import { withProperty } from "../_shared/adapters/db.ts";
import { HttpError, type RouteContext } from "../_shared/adapters/http.ts";
import { ManageTokenRequest } from "../_shared/contracts/widget.ts";
import { escapeHtml } from "../_shared/core/html.ts";
import { deps } from "../_shared/services/deps.ts";
import { loadProperty, type Property } from "../_shared/services/property.ts";
import { bookingForToken, cancelBooking } from "./booking-routes.ts";
import type { ChangedBooking } from "../_shared/services/tour-change.ts";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  // The token is in the address: never send it on, never frame the page.
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "cache-control": "no-store",
};

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1f2328;background:#f6f8fa}
main{max-width:32rem;margin:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1.5rem}
h1{font-size:1.25rem;margin-top:0}a{color:#0550ae}button{font:inherit;padding:.5rem 1rem;border-radius:6px;
border:1px solid #a40e26;background:#fff;color:#a40e26;cursor:pointer}button:focus-visible{outline:3px solid #0969da;outline-offset:2px}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: HEADERS });
}

const p = (text: string) => `<p>${escapeHtml(text)}</p>`;

function whenText(row: ChangedBooking, property: Property): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone: property.timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(row.start_at);
}

function contact(property: Property): string {
  const ways = [property.phone, property.email].filter(Boolean).join(" or ");
  return ways ? `To choose another time, contact ${property.name} at ${ways}.` : `To choose another time, contact ${property.name}.`;
}

function invalid(err: unknown): Response {
  if (err instanceof HttpError) {
    const title = err.status === 404 ? "This link is not valid" : "This tour cannot be changed";
    return page(err.status, title, p(err.message));
  }
  throw err;
}

async function load(token: string): Promise<{ row: ChangedBooking; property: Property }> {
  const parsed = ManageTokenRequest.safeParse({ token });
  if (!parsed.success) throw new HttpError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
  const row = await bookingForToken(parsed.data.token, null);
  const property = await withProperty(row.property_id, (tx) => loadProperty(tx, row.property_id), deps().sql);
  return { row, property };
}

function view(row: ChangedBooking, property: Property, token: string): Response {
  const now = deps().clock.now().getTime();
  const when = whenText(row, property);
  if (row.status === "cancelled") {
    return page(200, `Your tour at ${property.name} is cancelled`, p(`The tour on ${when} was cancelled.`));
  }
  if (row.status !== "confirmed" || row.start_at.getTime() <= now) {
    return page(200, `Your tour at ${property.name}`, p(`The tour on ${when} has already taken place.`));
  }
  const place = property.address ? p(`Address: ${property.address}`) : "";
  return page(
    200,
    `Your tour at ${property.name}`,
    p(`Your tour is booked for ${when}.`) + place +
      `<form method="post" action="manage-page/cancel"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
      `<button type="submit">Cancel this tour</button></form>` + p(contact(property)),
  );
}

export async function manageFallbackPage({ url }: RouteContext): Promise<Response> {
  const token = url.searchParams.get("token") ?? "";
  try {
    const { row, property } = await load(token);
    if (row.end_at.getTime() < deps().clock.now().getTime()) {
      return page(410, "This link has expired", p("This tour has already taken place, so its link has expired."));
    }
    return view(row, property, token);
  } catch (err) {
    return invalid(err);
  }
}

export async function manageFallbackCancel({ req }: RouteContext): Promise<Response> {
  let token = "";
  try {
    token = String((await req.formData()).get("token") ?? "");
  } catch {
    // Not a form: the token stays empty and the link is refused below.
  }
  try {
    const { row, property } = await load(token);
    const answer = await cancelBooking(row);
    if (!answer.ok) {
      const body = await answer.json();
      return page(answer.status, "This tour cannot be changed", p(body.error?.message ?? "Please try again."));
    }
    return page(200, `Your tour at ${property.name} is cancelled`, p(`The tour on ${whenText(row, property)} was cancelled. We sent you an email.`));
  } catch (err) {
    return invalid(err);
  }
}
