// The follow-up email after an attended tour, in English and Spanish: thanks, the apply
// link as the button (HTML) and spelled out (text), the contact line, no .ics, no manage
// link, every value escaped — and no email at all without an apply link.
import assert from "node:assert/strict";
import type { Language } from "./language.ts";
import { MessageInputError } from "./messages.ts";
import { type ProspectMessageInput, prospectEmail } from "./outbox-messages.ts";

const APPLY = "https://apply.lumaheights.example/start?unit=any&src=tour";

function input(language: Language | null, overrides: { applyUrl?: string | null; name?: string; defaultLanguage?: string } = {}): ProspectMessageInput {
  const start = new Date("2026-12-05T20:00:00Z");
  return {
    booking: {
      id: "0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10",
      firstName: "María José",
      lastName: "Núñez",
      email: "maria@example.com",
      phone: null,
      specialRequests: null,
      startAt: start,
      endAt: new Date(start.getTime() + 30 * 60_000),
      previousStartAt: null,
      createdAt: new Date("2026-11-30T09:00:00Z"),
      language,
    },
    property: {
      name: overrides.name ?? "Luma Heights",
      brandColor: "#1f6feb",
      timeZone: "America/Chicago",
      address: "1200 Lakeshore Ave, Chicago, IL 60601",
      phone: "+13125550142",
      email: "leasing@lumaheights.example",
      defaultLanguage: overrides.defaultLanguage ?? "en",
      applyUrl: overrides.applyUrl === undefined ? APPLY : overrides.applyUrl,
    },
    manageUrl: "https://lumaheights.example/tours/?lumaleasing_manage=llm_abc",
    fallbackOrganizerEmail: "tours@lumaleasing.example",
    queuedAt: new Date("2026-12-05T21:00:00Z"),
  };
}

const WANT: Record<Language, { subject: RegExp; button: string; words: RegExp; foreign: RegExp }> = {
  en: { subject: /^Thanks for visiting Luma Heights$/, button: "Apply now", words: /Hi María José, thank you for visiting Luma Heights/, foreign: /\b(Gracias|Hola|visita|Solicitar)\b/ },
  es: { subject: /^Gracias por visitar Luma Heights$/, button: "Solicitar ahora", words: /Hola, María José, gracias por visitar Luma Heights/, foreign: /\b(Thanks|Hi|Apply|visiting)\b/ },
};

Deno.test("follow-up email: thanks and the apply link, in the prospect's language, plain and HTML", async (t) => {
  for (const lang of ["en", "es"] as const) {
    await t.step(lang, () => {
      const email = prospectEmail("tour_follow_up", input(lang));
      const want = WANT[lang];
      assert.match(email.subject, want.subject);
      assert.match(email.text, want.words);
      assert.ok(email.text.includes(APPLY), "the apply link spelled out in the text");
      assert.ok(email.html.includes(`href="${APPLY.replaceAll("&", "&amp;")}"`), "the button links to the apply URL");
      assert.ok(email.html.includes(want.button), "the button's label");
      assert.ok(email.html.includes(`<html lang="${lang}">`), "html lang");
      assert.ok(!email.text.includes("lumaleasing_manage"), "no manage link: the tour is over");
      assert.equal(email.attachments.length, 0, "no .ics");
      assert.ok(email.text.includes("+13125550142") && email.text.includes("leasing@lumaheights.example"), "the office's contact");
      assert.doesNotMatch(email.subject + email.text, want.foreign, "no words of the other language");
      console.log(`  ${lang}: "${email.subject}", button "${want.button}" → ${APPLY}`);
    });
  }
});

Deno.test("follow-up email: the property's language when the booking has none; names escaped in HTML", () => {
  assert.match(prospectEmail("tour_follow_up", input(null, { defaultLanguage: "es" })).subject, /^Gracias por visitar/);
  assert.match(prospectEmail("tour_follow_up", input(null)).subject, /^Thanks for visiting/);
  const html = prospectEmail("tour_follow_up", input("en", { name: `Oak & <b>Elm</b>` })).html;
  assert.ok(html.includes("Oak &amp; &lt;b&gt;Elm&lt;/b&gt;"));
  assert.ok(!html.includes("<b>Elm</b>"));
  console.log("  no language → property default; a name with markup is escaped");
});

Deno.test("follow-up email: refused without an apply link (never a button to nowhere)", () => {
  for (const applyUrl of [null, ""]) {
    assert.throws(() => prospectEmail("tour_follow_up", input("en", { applyUrl })), MessageInputError);
  }
  console.log("  null or empty apply link → MessageInputError");
});
