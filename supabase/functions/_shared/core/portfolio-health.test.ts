// The Portfolio page's pure parts: filter and counts, the 12-hour re-connect rate, the link.
import assert from "node:assert/strict";
import type { HealthRow } from "../contracts/portfolio.ts";
import { filterHealth, nextReconnectAllowedAt, RECONNECT_EMAIL_INTERVAL_MS, reconnectLink } from "./portfolio-health.ts";
import { portfolioReconnectEmail } from "./portfolio-messages.ts";

const row = (property: string, email: string | null, status = "healthy"): HealthRow => ({
  propertyId: property,
  propertyName: property,
  settingsPageKnown: true,
  calendar: email
    ? { id: email, accountEmail: email, displayName: null, status, lastHealthCheckAt: null, lastRefreshAt: null, accessTokenExpiresAt: null, grantExpiresAt: null, lastError: null, lastReconnectEmailAt: null, nextReconnectEmailAt: null }
    : null,
});

Deno.test("filterHealth: counts over what the search matches, then the status asked", () => {
  const rows = [row("Maple Court", "a@x.example"), row("Maple Court", "b@x.example", "revoked"), row("Birch Row", "c@y.example", "expiring"), row("Oak", null)];
  const all = filterHealth(rows, undefined, undefined);
  assert.deepEqual(all.counts, { all: 4, healthy: 1, expiring: 1, expired: 0, revoked: 1, noCalendar: 1 });
  assert.equal(filterHealth(rows, "revoked", undefined).rows.length, 1);
  const maple = filterHealth(rows, undefined, "  maple ");
  assert.deepEqual([maple.counts.all, maple.counts.revoked], [2, 1]);
  assert.deepEqual(filterHealth(rows, "healthy", "Y.EXAMPLE").rows, []);
  assert.equal(filterHealth(rows, undefined, "c@y").rows[0].propertyName, "Birch Row");
  console.log("filterHealth: 4 rows counted by status (1 without calendar), search case-insensitive on property and account");
});

Deno.test("nextReconnectAllowedAt: 12 hours after the last email, none before one was sent", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  assert.equal(nextReconnectAllowedAt(null, now), null);
  assert.equal(nextReconnectAllowedAt(new Date(now.getTime() - RECONNECT_EMAIL_INTERVAL_MS), now), null);
  assert.equal(nextReconnectAllowedAt(new Date(now.getTime() - 3600_000), now)?.toISOString(), "2026-12-01T23:00:00.000Z");
  console.log("rate: sent an hour ago → next at +11 h; sent 12 h ago → now");
});

Deno.test("reconnectLink and the email: the settings page with the calendar and its account; every link in the text", () => {
  const link = reconnectLink("https://maple.example/wp-admin/options-general.php?page=lumaleasing", "cal-1", "pm+x@maple.example");
  assert.equal(link, "https://maple.example/wp-admin/options-general.php?page=lumaleasing&lumaleasing_reconnect=cal-1&login_hint=pm%2Bx%40maple.example");
  const email = portfolioReconnectEmail({
    property: { name: "Maple <Court>", brandColor: "#123456", timeZone: "America/New_York", address: "", phone: "", email: "" },
    calendars: [{ accountEmail: "pm+x@maple.example", status: "revoked", link }, { accountEmail: "b@maple.example", status: "expiring", link: link + "2" }],
    requestedBy: { name: "Ops", email: "ops@acme.example" },
    requestedAt: new Date("2026-12-01T15:00:00Z"),
  });
  assert.equal(email.subject, "Please re-connect 2 Google Calendars for Maple <Court>");
  assert.ok(email.text.includes(link) && email.text.includes(link + "2") && email.text.includes("Access revoked"));
  assert.ok(email.html.includes("Maple &lt;Court&gt;") && !email.html.includes("<Court>"));
  console.log(`link: ${link}; email: "${email.subject}", both links in the text, HTML escaped`);
});
