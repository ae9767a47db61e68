// Every prospect template in English and Spanish: subject, HTML and text in the language
// with the date in it, SMS in one GSM-7 segment, reminder texts that say they are
// reminders, and no map link (nor .ics LOCATION) for a property without an address.
import assert from "node:assert/strict";
import { escapeHtml, gsm7Septets, type PropertyInfo, smsSegments } from "./messages.ts";
import type { Language } from "./language.ts";
import { type ProspectMessageInput, prospectEmail, prospectSms, type ProspectSmsTemplate } from "./outbox-messages.ts";

const TEMPLATES: ProspectSmsTemplate[] = ["tour_confirmation", "tour_reminder_24h", "tour_reminder_1h", "tour_cancelled", "tour_rescheduled"];

const property: PropertyInfo = {
  name: "Luma Heights",
  brandColor: "#1f6feb",
  timeZone: "America/Chicago",
  address: "1200 Lakeshore Ave, Chicago, IL 60601",
  phone: "+13125550142",
  email: "leasing@lumaheights.example",
};

function input(language: Language | null, overrides: { address?: string | null; defaultLanguage?: string; start?: string } = {}): ProspectMessageInput {
  const start = new Date(overrides.start ?? "2026-12-05T20:00:00Z"); // Sat Dec 5, 2:00 PM CST
  return {
    booking: {
      id: "0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10",
      firstName: "María José",
      lastName: "Núñez",
      email: "maria@example.com",
      phone: "+13125550123",
      specialRequests: null,
      startAt: start,
      endAt: new Date(start.getTime() + 30 * 60_000),
      previousStartAt: new Date("2026-12-04T16:00:00Z"),
      createdAt: new Date("2026-11-30T09:00:00Z"),
      language,
    },
    property: {
      ...property,
      address: overrides.address === undefined ? property.address : overrides.address,
      defaultLanguage: overrides.defaultLanguage ?? "en",
    },
    manageUrl: "https://lumaheights.example/tours/?lumaleasing_manage=llm_abc",
    fallbackOrganizerEmail: "tours@lumaleasing.example",
    queuedAt: new Date("2026-12-01T10:00:00Z"),
  };
}

// What each template must say, per language: words in the subject, the date in the body.
const EXPECTED: Record<Language, { subject: Record<ProspectSmsTemplate, RegExp>; date: string; time: string; sms: Record<ProspectSmsTemplate, RegExp> }> = {
  en: {
    subject: {
      tour_confirmation: /^Tour confirmed: Luma Heights, Sat, Dec 5 at 2:00 PM CST$/,
      tour_reminder_24h: /^Reminder: your tour at Luma Heights is Sat, Dec 5/,
      tour_reminder_1h: /^Starting soon: your tour at Luma Heights at 2:00 PM CST$/,
      tour_cancelled: /^Tour cancelled: Luma Heights/,
      tour_rescheduled: /^Tour rescheduled: Luma Heights, now Sat, Dec 5/,
    },
    date: "Saturday, December 5, 2026 at 2:00 PM CST",
    time: "2:00 PM CST",
    sms: {
      tour_confirmation: /confirmed/,
      tour_reminder_24h: /reminder/,
      tour_reminder_1h: /reminder/,
      tour_cancelled: /cancelled/,
      tour_rescheduled: /moved/,
    },
  },
  es: {
    subject: {
      tour_confirmation: /^Visita confirmada: Luma Heights, sáb 5 de dic, 2:00 p\.m\. CST$/,
      tour_reminder_24h: /^Recordatorio: tu visita en Luma Heights es el sáb 5 de dic/,
      tour_reminder_1h: /^Muy pronto: tu visita en Luma Heights a las 2:00 p\.m\. CST$/,
      tour_cancelled: /^Visita cancelada: Luma Heights/,
      tour_rescheduled: /^Visita reprogramada: Luma Heights, ahora el sáb 5 de dic/,
    },
    date: "sábado, 5 de diciembre de 2026 a las 2:00 p.m. CST",
    time: "2:00 p.m. CST",
    sms: {
      tour_confirmation: /confirmamos tu visita/,
      tour_reminder_24h: /recordatorio/,
      tour_reminder_1h: /recordatorio/,
      tour_cancelled: /cancelada/,
      tour_rescheduled: /ahora/,
    },
  },
};

// English words that must not leak into a Spanish message (and the reverse).
const FOREIGN: Record<Language, RegExp> = {
  en: /\b(visita|Hola|Cuándo|Dónde|sábado)\b/,
  es: /\b(Tour|Hi|When|Where|Saturday|Reschedule|What to bring|Questions)\b/,
};

Deno.test("templates × language: subject, HTML and text in the booking's language, with its date", async (t) => {
  for (const lang of ["en", "es"] as const) {
    for (const template of TEMPLATES) {
      await t.step(`${lang} ${template}`, () => {
        const email = prospectEmail(template, input(lang));
        const want = EXPECTED[lang];
        assert.match(email.subject, want.subject[template]);
        const date = template === "tour_reminder_1h" ? want.time : want.date;
        assert.ok(email.text.includes(date), `text has "${date}"`);
        assert.ok(email.html.includes(escapeHtml(date)), `html has "${date}"`);
        assert.ok(email.html.includes(`<html lang="${lang}">`), "html lang");
        assert.ok(email.text.includes("lumaleasing_manage=llm_abc"), "manage link in text");
        assert.doesNotMatch(email.text, FOREIGN[lang], "no words of the other language in the text");
        assert.doesNotMatch(email.subject, FOREIGN[lang], "no words of the other language in the subject");
        const sms = prospectSms(template, input(lang));
        assert.match(sms, want.sms[template]);
        assert.notEqual(gsm7Septets(sms), null, `GSM-7: ${sms}`);
        assert.equal(smsSegments(sms).segments, 1);
        console.log(`  ${lang} ${template}: "${email.subject}" | SMS (${gsm7Septets(sms)} septets): ${sms}`);
      });
    }
  }
});

Deno.test("language: a booking without one follows the property's default; one with one keeps it", () => {
  assert.match(prospectEmail("tour_confirmation", input(null, { defaultLanguage: "es" })).subject, /^Visita confirmada/);
  assert.match(prospectEmail("tour_confirmation", input(null)).subject, /^Tour confirmed/);
  assert.match(prospectEmail("tour_confirmation", input("en", { defaultLanguage: "es" })).subject, /^Tour confirmed/);
  assert.match(prospectEmail("tour_confirmation", input("es", { defaultLanguage: "en" })).subject, /^Visita confirmada/);
  const ics = prospectEmail("tour_confirmation", input("es")).attachments[0].content;
  assert.match(ics, /SUMMARY:Visita - Luma Heights/);
  assert.match(ics, /DESCRIPTION:Visita al departamento mañana/);
  console.log("  null → property default (es or en); a stated language wins; the Spanish .ics speaks Spanish");
});

Deno.test("spanish: one o'clock is 'a la 1:00', the Spanish ¡ stays, and accents outside GSM-7 leave the SMS", () => {
  const one = input("es", { start: "2026-12-05T19:00:00Z" }); // 1:00 PM CST
  const email = prospectEmail("tour_reminder_1h", one);
  assert.ok(email.subject.endsWith("a la 1:00 p.m. CST"), email.subject);
  assert.ok(prospectEmail("tour_confirmation", one).text.includes("a la 1:00 p.m. CST"));
  const sms = prospectSms("tour_reminder_1h", one);
  assert.ok(sms.includes("a la 1:00 pm CST") && sms.includes("¡Te esperamos!"), sms);
  const day = prospectSms("tour_confirmation", input("es"));
  assert.ok(day.includes("sab 5 de dic"), `"sáb" → "sab": ${day}`);
  for (const ch of "áíóúÁÍÓÚ") assert.ok(!day.includes(ch));
  console.log(`  ${sms}\n  ${day}`);
});

Deno.test("reminder SMS never reads like the confirmation, however long the name (both languages)", () => {
  const names = ["Luma Heights", "The Residences at Lakeside Village Luxury Apartment Homes Phase II Building C"];
  const urls = ["https://lumaheights.example/tours/?lumaleasing_manage=llm_abc", "https://tours.lumaleasing.example/m/" + "A".repeat(44)];
  for (const lang of ["en", "es"] as const) {
    for (const name of names) {
      for (const url of urls) {
        const i = { ...input(lang), manageUrl: url, property: { ...input(lang).property, name } };
        const confirmation = prospectSms("tour_confirmation", i);
        for (const template of ["tour_reminder_24h", "tour_reminder_1h"] as const) {
          const reminder = prospectSms(template, i);
          assert.notEqual(reminder, confirmation);
          assert.match(reminder, lang === "es" ? /recordatorio/ : /reminder/, reminder);
          assert.equal(smsSegments(reminder).segments, 1);
        }
      }
    }
    console.log(`  ${lang}: 24h and 1h reminders say so with short and long names and links`);
  }
});

Deno.test("no address: no 'Where' line, no map link, no empty 'at' in the preheader, no .ics LOCATION", async (t) => {
  for (const address of [null, "", "   "]) {
    for (const lang of ["en", "es"] as const) {
      await t.step(`${JSON.stringify(address)} ${lang}`, () => {
        for (const template of TEMPLATES) {
          const email = prospectEmail(template, input(lang, { address }));
          assert.ok(!email.html.includes("google.com/maps") && !email.text.includes("google.com/maps"), `${template}: no map link`);
          assert.doesNotMatch(email.text, /^(Where|Dónde):/m, `${template}: no address line`);
          assert.doesNotMatch(email.html, /(at|en) \.</, `${template}: no dangling "at ."`);
          for (const a of email.attachments) assert.doesNotMatch(a.content, /^LOCATION/m, `${template}: ${a.filename} has no LOCATION`);
        }
        const withAddress = prospectEmail("tour_confirmation", input(lang));
        assert.ok(withAddress.text.includes("https://www.google.com/maps/search/?api=1&query=1200%20Lakeshore"));
        assert.match(withAddress.attachments[0].content, /^LOCATION:1200 Lakeshore Ave\\, Chicago/m);
      });
    }
  }
  console.log("  null, empty and blank addresses: no map link or LOCATION in any template, both languages; a real one keeps both");
});
