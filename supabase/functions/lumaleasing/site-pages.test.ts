// Where a property's site keeps its pages (POST admin/site-pages, site secret), and the
// manage link every email carries: the site's page with ?lumaleasing_manage= once it is
// known, the function's own small manage page before that (a property made with the CLI).
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, siteFetch, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";
import { book, firstSlot } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function post(p: TestProperty, body: unknown) {
  const res = await siteFetch(p, "admin/site-pages", { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function confirmationText(p: TestProperty, email: string): Promise<string> {
  const s = await stack();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${s.mailUrl}/api/messages?kind=email&to=${encodeURIComponent(email)}`);
    const [message] = (await res.json()).messages as Array<{ text: string }>;
    if (message) return message.text;
    if (Date.now() > deadline) assert.fail(`no email for ${email}`);
    const run = await fetch(`${s.functionsUrl}/lumaleasing-jobs/outbox`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.cronSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ propertyId: p.id }),
    });
    await run.body?.cancel();
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test("site pages: stored when on the widget key's origins; refused (nothing written) otherwise; the booking's link opens the page", opts, async () => {
  const p = await createTestProperty({ site_url: null, admin_url: null });
  const sql = await adminSql();
  const pages = { managePageUrl: `${p.origin}/manage-your-tour/`, settingsPageUrl: `${p.origin}/wp-admin/options-general.php?page=lumaleasing` };

  const s = await stack();
  const noSecret = await fetch(`${s.functionsUrl}/lumaleasing/admin/site-pages`, { method: "POST", body: JSON.stringify(pages) });
  assert.equal(noSecret.status, 401);
  await noSecret.body?.cancel();
  const refused: Array<[unknown, string, string]> = [
    [{ ...pages, managePageUrl: "ftp://widget.test/x" }, "invalid_input", "managePageUrl"],
    [{ managePageUrl: pages.managePageUrl }, "invalid_input", "settingsPageUrl"],
    [{ ...pages, managePageUrl: "https://elsewhere.example/manage/" }, "origin_not_allowed", "managePageUrl"],
    [{ ...pages, settingsPageUrl: "https://widget.test/wp-admin/" }, "origin_not_allowed", "settingsPageUrl"],
  ];
  for (const [body, code, field] of refused) {
    const r = await post(p, body);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.success, false);
    assert.equal(r.body.error.code, code);
    assert.ok(r.body.error.fields[field], JSON.stringify(r.body));
  }
  const [untouched] = await sql`select site_url, admin_url from public.properties where id = ${p.id}`;
  assert.deepEqual({ ...untouched }, { site_url: null, admin_url: null });

  const saved = await post(p, pages);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const [stored] = await sql`select site_url, admin_url from public.properties where id = ${p.id}`;
  assert.deepEqual({ ...stored }, { site_url: pages.managePageUrl, admin_url: pages.settingsPageUrl });

  await connectCalendar(p, `pages-${p.id.slice(0, 8)}@example.com`);
  const res = await book(p, { start: (await firstSlot(p)).start });
  const made = await res.json();
  assert.equal(res.status, 201, JSON.stringify(made));
  const link = new URL(made.booking.manageUrl);
  assert.equal(`${link.origin}${link.pathname}`, pages.managePageUrl);
  assert.match(link.searchParams.get("lumaleasing_manage") ?? "", /^llm_/);
  console.log(`site pages: ${refused.length} bad requests refused with nothing written; stored; manage link ${link.origin}${link.pathname}?lumaleasing_manage=…`);
  await closeAdminSql();
});

Deno.test("manage page of its own: before the site names a page, the email's link opens a page that shows the tour and cancels it", opts, async () => {
  const p = await createTestProperty({ site_url: null, admin_url: null });
  const sql = await adminSql();
  await connectCalendar(p, `own-${p.id.slice(0, 8)}@example.com`);
  const email = `own-${p.id.slice(0, 8)}@example.com`;
  const res = await book(p, { start: (await firstSlot(p)).start, email });
  const made = await res.json();
  assert.equal(res.status, 201, JSON.stringify(made));

  const text = await confirmationText(p, email);
  const s = await stack();
  const prefix = `${s.functionsUrl}/lumaleasing/tours/manage-page?token=`;
  const link = text.match(/https?:\/\/\S+manage-page\?token=[\w%-]+/)?.[0];
  assert.ok(link?.startsWith(prefix), `the email links to the function's own page: ${link}`);
  assert.equal(link, made.booking.manageUrl, "the booking answer and the email carry the same link");

  const shown = await fetch(link!);
  const html = await shown.text();
  assert.equal(shown.status, 200, html);
  assert.equal(shown.headers.get("referrer-policy"), "no-referrer");
  assert.ok(html.includes(`Your tour at ${p.name}`) && html.includes("Cancel this tour"), html);

  const bad = await fetch(`${prefix}llm_${"x".repeat(43)}`);
  assert.equal(bad.status, 404);
  assert.ok((await bad.text()).includes("This link is not valid"));

  const token = new URL(link!).searchParams.get("token")!;
  const cancelUrl = new URL("manage-page/cancel", link!).toString();
  const cancelled = await fetch(cancelUrl, { method: "POST", body: new URLSearchParams({ token }) });
  const after = await cancelled.text();
  assert.equal(cancelled.status, 200, after);
  assert.ok(after.includes("is cancelled"), after);
  const [row] = await sql`select status from public.tour_bookings where id = ${made.booking.id}`;
  assert.equal(row.status, "cancelled");
  const again = await fetch(cancelUrl, { method: "POST", body: new URLSearchParams({ token }) });
  assert.equal(again.status, 409);
  await again.body?.cancel();
  const reread = await (await fetch(link!)).text();
  assert.ok(reread.includes("is cancelled") && !reread.includes("Cancel this tour"));
  console.log(`own manage page: ${cancelUrl.replace(s.functionsUrl, "…")} cancelled the tour; a second cancel 409; a bad token 404`);
  await closeAdminSql();
});
