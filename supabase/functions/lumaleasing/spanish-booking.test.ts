// A prospect who books in Spanish hears back in Spanish: the confirmation email and SMS in
// the catcher, the reminder SMS (which says it is one), and the manage API's language; a
// property without an address gets no map link and no .ics LOCATION.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, stack, type TestProperty, widgetFetch } from "../../../scripts/lib/test-support.ts";
import { book, firstSlot } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

interface Caught {
  subject?: string;
  text?: string;
  html?: string;
  body?: string;
  attachments?: Array<{ filename: string; text?: string; contentBase64?: string }>;
}

/** Waits (up to 20 s) until the catcher holds `count` messages of the kind for `to`. */
async function waitForMessages(to: string, kind: "email" | "sms", count: number, run?: () => Promise<void>): Promise<Caught[]> {
  const s = await stack();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${s.mailUrl}/api/messages?kind=${kind}&to=${encodeURIComponent(to)}`);
    const messages = (await res.json()).messages as Caught[];
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) assert.fail(`${count} ${kind} for ${to} expected, ${messages.length} caught`);
    await run?.();
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runOutbox(p: TestProperty) {
  const s = await stack();
  const res = await fetch(`${s.functionsUrl}/lumaleasing-jobs/outbox`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.cronSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ propertyId: p.id }),
  });
  await res.body?.cancel();
}

function icsText(a: { text?: string; contentBase64?: string }): string {
  return a.text ?? new TextDecoder().decode(Uint8Array.from(atob(a.contentBase64!), (c) => c.charCodeAt(0)));
}

Deno.test("spanish: a booking in Spanish gets its confirmation email and SMS in Spanish, a reminder SMS that says so, and a Spanish manage page", opts, async () => {
  const p = await createTestProperty({ address: null });
  await connectCalendar(p, `es-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const email = `ana-es-${p.id.slice(0, 8)}@example.com`;
  const phone = `+1312555${String(1000 + Math.floor(Math.random() * 9000))}`;
  const res = await book(p, { start, email, phone, smsConsent: true, smsConsentText: "Envíame mensajes", language: "es" });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));

  const sql = await adminSql();
  const [row] = await sql`select b.language, l.language as lead_language from public.tour_bookings b
    join public.leads l on l.id = b.lead_id where b.id = ${body.booking.id}`;
  assert.deepEqual({ ...row }, { language: "es", lead_language: "es" });

  const [confirmation] = await waitForMessages(email, "email", 1, () => runOutbox(p));
  assert.match(confirmation.subject!, new RegExp(`^Visita confirmada: ${p.name}, `));
  assert.ok(confirmation.text!.includes("Hola, Ana, gracias por agendar una visita"), confirmation.text);
  assert.ok(confirmation.html!.includes('<html lang="es">'));
  assert.ok(!confirmation.html!.includes("google.com/maps") && !confirmation.text!.includes("google.com/maps"), "no map link without an address");
  assert.doesNotMatch(confirmation.text!, /^Dónde:/m);
  const ics = icsText(confirmation.attachments!.find((a) => a.filename.endsWith(".ics"))!);
  assert.doesNotMatch(ics, /^LOCATION/m, "no LOCATION without an address");
  assert.match(ics, /SUMMARY:Visita - /);

  const [sms] = await waitForMessages(phone, "sms", 1, () => runOutbox(p));
  // A real manage link (~90 characters) leaves room only for the leanest form: "<name>: visita 3/12 9:00am CST. <link>".
  assert.ok(sms.body!.startsWith(`${p.name}: `) && /\bvisita\b/.test(sms.body!), sms.body);
  assert.doesNotMatch(sms.body!, /\b(tour|reminder)\b/);
  console.log(`  email "${confirmation.subject}" (no map link, no LOCATION)\n  SMS "${sms.body}"`);

  // The 24-hour reminder, claimed as the reminders job would, goes out in Spanish and is not the confirmation again.
  const [b] = await sql`update public.tour_bookings set reminder_24h_sent_at = now() where id = ${body.booking.id}
    returning floor(extract(epoch from start_at) * 1000)::bigint::text as start_ms`;
  await sql`insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at)
    values (${p.id}, 'sms', ${sql.json({ bookingId: body.booking.id, template: "tour_reminder_24h" })},
      ${`sms:${body.booking.id}:tour_reminder_24h:${b.start_ms}`}, now())`;
  const texts = await waitForMessages(phone, "sms", 2, () => runOutbox(p));
  const reminder = texts.find((m) => m.body !== sms.body)!;
  assert.ok(reminder, "a second, different text");
  assert.match(reminder.body!, /: recordatorio, visita /);
  console.log(`  reminder SMS "${reminder.body}"`);

  const token = new URL(body.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
  const managed = await (await widgetFetch(p, `tours/manage?token=${encodeURIComponent(token)}`)).json();
  assert.equal(managed.booking.language, "es");
  console.log("  manage API answers language: es");
  await closeAdminSql();
});

Deno.test("spanish: a booking without a language follows the property's default; a bad language is refused with nothing written", opts, async () => {
  const p = await createTestProperty({ default_language: "es" });
  await connectCalendar(p, `esdef-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const bad = await book(p, { start, language: "fr" });
  const badBody = await bad.json();
  assert.equal(bad.status, 422, JSON.stringify(badBody));
  assert.ok(badBody.error.fields.language, "the field is named");
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id}`;
  assert.equal(n, 0);

  const email = `def-${p.id.slice(0, 8)}@example.com`;
  const res = await book(p, { start, email });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  const [row] = await sql`select language from public.tour_bookings where id = ${body.booking.id}`;
  assert.equal(row.language, null, "none stated, none stored");
  const token = new URL(body.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
  const managed = await (await widgetFetch(p, `tours/manage?token=${encodeURIComponent(token)}`)).json();
  assert.equal(managed.booking.language, "es");
  const [confirmation] = await waitForMessages(email, "email", 1, () => runOutbox(p));
  assert.match(confirmation.subject!, /^Visita confirmada/);
  assert.ok(confirmation.text!.includes("google.com/maps"), "with an address, the map link is there");
  console.log(`  "fr" → 422 naming language, nothing written; no language → property default es: "${confirmation.subject}"`);
  await closeAdminSql();
});
