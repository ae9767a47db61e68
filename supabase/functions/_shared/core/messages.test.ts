// Message templates: facts in both email parts, escaping, the property's zone across
// DST changes, readable colours, and SMS that always fit one GSM-7 segment.

import assert from "node:assert/strict";
import fc from "fast-check";
import { formatInTimeZone } from "date-fns-tz/formatInTimeZone";
import {
  calendarReconnectAlertEmail,
  contrastRatio,
  escapeHtml,
  gsm7Septets,
  MessageInputError,
  outboxDeadAlertEmail,
  type PropertyInfo,
  smsSegments,
  textColorOn,
  tourCancelledEmail,
  tourCancelledSms,
  tourConfirmationEmail,
  tourConfirmationSms,
  type TourMessageInput,
  tourReminderEmail,
  tourReminderSms,
  tourRescheduledEmail,
  tourRescheduledSms,
} from "./messages.ts";

const property: PropertyInfo = {
  name: "Sunset Apartments",
  brandColor: "#1d4ed8",
  timeZone: "America/Chicago",
  address: "123 Main St, Austin, TX 78701",
  phone: "(512) 555-0100",
  email: "leasing@sunset.example",
};

const MANAGE = "https://tours.example/m/abc123?t=1&x=2";

function tourInput(overrides: Partial<TourMessageInput> = {}, startIso = "2026-12-05T20:00:00Z"): TourMessageInput {
  const start = new Date(startIso);
  return {
    property,
    tour: {
      startUtc: start,
      endUtc: new Date(start.getTime() + 30 * 60_000),
      prospectFirstName: "Maria",
      agentName: "Sam Lee",
    },
    manageUrl: MANAGE,
    ...overrides,
  };
}

const allTourEmails = (input: TourMessageInput) => ({
  confirmation: tourConfirmationEmail(input),
  "reminder 24h": tourReminderEmail({ ...input, kind: "24h" }),
  "reminder 1h": tourReminderEmail({ ...input, kind: "1h" }),
  cancelled: tourCancelledEmail(input),
  rescheduled: tourRescheduledEmail({ ...input, previousStartUtc: new Date("2026-12-04T16:00:00Z") }),
});

const allSms = (input: TourMessageInput) => ({
  confirmation: tourConfirmationSms(input),
  "reminder 24h": tourReminderSms({ ...input, kind: "24h" }),
  "reminder 1h": tourReminderSms({ ...input, kind: "1h" }),
  cancelled: tourCancelledSms(input),
  rescheduled: tourRescheduledSms(input),
});

/** Every SMS in English and in Spanish. */
const allSmsBothLanguages = (input: TourMessageInput) => ({
  ...allSms({ ...input, lang: "en" }),
  ...Object.fromEntries(Object.entries(allSms({ ...input, lang: "es" })).map(([k, v]) => [`es ${k}`, v])),
});

Deno.test("emails: both parts carry the time in the property's zone, address + map link, and the manage link", async (t) => {
  for (const [name, email] of Object.entries(allTourEmails(tourInput()))) {
    await t.step(
      `${name}: "Saturday, December 5, 2026 at 2:00 PM CST" or its time, map and manage links in HTML and text`,
      () => {
        const when = name === "reminder 1h" ? "2:00 PM CST" : "Saturday, December 5, 2026 at 2:00 PM CST";
        assert.ok(email.text.includes(when), `${name} text has ${when}`);
        assert.ok(email.html.includes(when), `${name} html has ${when}`);
        const maps = "https://www.google.com/maps/search/?api=1&query=123%20Main%20St%2C%20Austin%2C%20TX%2078701";
        assert.ok(email.text.includes(maps), "map link in text");
        assert.ok(email.html.includes(`href="${escapeHtml(maps)}"`), "map link in html");
        assert.ok(email.text.includes(MANAGE), "manage link in text");
        assert.ok(email.html.includes(`href="${escapeHtml(MANAGE)}"`), "manage link in html");
        assert.ok(email.subject.includes("Sunset Apartments"));
        assert.ok(!/[\r\n]/.test(email.subject));
        assert.ok(!/<[a-z]/i.test(email.text), "plain text has no markup");
      },
    );
  }
  await t.step(
    "confirmation: agent, default 'what to bring' (a photo ID), duration, contact and the invite note",
    () => {
      const { text, html } = tourConfirmationEmail(tourInput());
      for (
        const fact of [
          "Sam Lee",
          "a photo ID",
          "30 minutes",
          "(512) 555-0100",
          "leasing@sunset.example",
          "attached invitation",
        ]
      ) {
        assert.ok(text.includes(fact) && html.includes(escapeHtml(fact)), fact);
      }
    },
  );
  await t.step("custom 'what to bring' replaces the default; no agent → no guide line", () => {
    const input = tourInput({ whatToBring: "your ID and a recent pay stub" });
    input.tour.agentName = undefined;
    const { text } = tourConfirmationEmail(input);
    assert.ok(text.includes("your ID and a recent pay stub"));
    assert.ok(!text.includes("a photo ID"));
    assert.ok(!text.includes("Your guide"));
  });
  await t.step("reminders differ: 24h says the date, 1h says it starts soon", () => {
    const day = tourReminderEmail({ ...tourInput(), kind: "24h" });
    const hour = tourReminderEmail({ ...tourInput(), kind: "1h" });
    assert.notEqual(day.subject, hour.subject);
    assert.ok(day.subject.includes("Sat, Dec 5"));
    assert.ok(/soon/i.test(hour.subject) && hour.subject.includes("2:00 PM CST"));
  });
  await t.step("rescheduled: shows the old time and the new time", () => {
    const { text } = tourRescheduledEmail({ ...tourInput(), previousStartUtc: new Date("2026-12-04T16:00:00Z") });
    assert.ok(text.includes("Previously: Friday, December 4, 2026 at 10:00 AM CST"));
    assert.ok(text.includes("Saturday, December 5, 2026 at 2:00 PM CST"));
  });
  await t.step("cancelled: 'Book a new time' goes to bookAgainUrl when given", () => {
    const { text, html } = tourCancelledEmail({ ...tourInput(), bookAgainUrl: "https://sunset.example/tours" });
    assert.ok(text.includes("Book a new time: https://sunset.example/tours"));
    assert.ok(html.includes('href="https://sunset.example/tours"'));
  });
});

Deno.test("emails: every interpolated value is escaped in HTML", async (t) => {
  const hostile = {
    name: `Sunset <script>alert("x")</script> & 'Lofts'`,
    first: `<img src=x onerror=alert(1)>`,
    agent: `</td><td style="x">Eve`,
    address: `1 "Main" St <b>bold</b>`,
    bring: `<a href="javascript:alert(1)">ID</a>`,
    phone: `555"><svg onload=alert(1)>`,
    email: `x"@evil.example`,
  };
  const input = tourInput({
    property: { ...property, name: hostile.name, address: hostile.address, phone: hostile.phone, email: hostile.email },
    whatToBring: hostile.bring,
  });
  input.tour.prospectFirstName = hostile.first;
  input.tour.agentName = hostile.agent;
  const emails = {
    ...allTourEmails(input),
    alert: calendarReconnectAlertEmail({
      property: input.property,
      calendar: { accountEmail: `<b>sam</b>@x.example`, calendarName: hostile.agent },
      status: "expired",
      settingsUrl: "https://sunset.example/wp-admin/?a=1&b=<2>",
      checkedAt: new Date("2026-12-01T15:00:00Z"),
      detail: hostile.first,
    }),
  };
  for (const [name, email] of Object.entries(emails)) {
    await t.step(`${name}: no raw markup from input; escaped text present`, () => {
      for (const bad of ["<script", "<img", "<svg", "</td><td style", "<b>bold", 'href="javascript', "<b>sam"]) {
        assert.ok(!email.html.includes(bad), `${name} html contains ${bad}`);
      }
      assert.ok(email.html.includes(escapeHtml(hostile.name)), "property name shown, escaped");
    });
  }
  await t.step("a javascript: manage link is refused with code invalid_url", () => {
    assert.throws(
      () => tourConfirmationEmail(tourInput({ manageUrl: "javascript:alert(1)" })),
      (e) => e instanceof MessageInputError && e.code === "invalid_url",
    );
  });
  await t.step("an unknown time zone is refused with code invalid_time_zone", () => {
    assert.throws(
      () => tourConfirmationEmail(tourInput({ property: { ...property, timeZone: "Mars/Base" } })),
      (e) => e instanceof MessageInputError && e.code === "invalid_time_zone",
    );
  });
});

Deno.test("emails: times follow the property's zone across DST changes (Chicago, 2026)", async (t) => {
  const cases: [string, string, string][] = [
    ["day before spring forward", "2026-03-07T20:00:00Z", "Saturday, March 7, 2026 at 2:00 PM CST"],
    ["day of spring forward", "2026-03-08T19:00:00Z", "Sunday, March 8, 2026 at 2:00 PM CDT"],
    ["first 1:30 AM on fall-back day", "2026-11-01T06:30:00Z", "Sunday, November 1, 2026 at 1:30 AM CDT"],
    ["second 1:30 AM on fall-back day", "2026-11-01T07:30:00Z", "Sunday, November 1, 2026 at 1:30 AM CST"],
  ];
  for (const [label, iso, expected] of cases) {
    await t.step(`${label}: ${iso} → "${expected}" in email text, HTML and SMS`, () => {
      const input = tourInput({}, iso);
      const email = tourConfirmationEmail(input);
      assert.ok(email.text.includes(expected), email.text);
      assert.ok(email.html.includes(expected));
      const sms = tourConfirmationSms(input);
      const timePart = expected.split(" at ")[1]; // "2:00 PM CDT"
      assert.ok(sms.includes(timePart), `${sms} has ${timePart}`);
    });
  }
  await t.step("other zones use their own abbreviation or offset (Phoenix MST, Kolkata GMT+5:30)", () => {
    const phoenix = tourConfirmationEmail(
      tourInput({ property: { ...property, timeZone: "America/Phoenix" } }, "2026-07-04T19:00:00Z"),
    );
    assert.ok(phoenix.text.includes("Saturday, July 4, 2026 at 12:00 PM MST"));
    const kolkata = tourConfirmationEmail(
      tourInput({ property: { ...property, timeZone: "Asia/Kolkata" } }, "2026-07-04T09:00:00Z"),
    );
    assert.ok(kolkata.text.includes("Saturday, July 4, 2026 at 2:30 PM GMT+5:30"));
  });
});

Deno.test("emails: HTML structure — preheader hidden, table layout, readable button on any brand colour", async (t) => {
  await t.step("known contrast values: white/black 21:1, #777 on white just under 4.5:1", () => {
    assert.equal(Math.round(contrastRatio("#ffffff", "#000000")), 21);
    assert.ok(contrastRatio("#777777", "#ffffff") < 4.5 && contrastRatio("#767676", "#ffffff") >= 4.5);
  });
  await t.step("property: the text colour picked for any brand colour has contrast ≥ 4.5:1 (1000 colours)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const bg = `#${n.toString(16).padStart(6, "0")}`;
        return contrastRatio(textColorOn(bg), bg) >= 4.5;
      }),
      { numRuns: 1000 },
    );
  });
  for (const brandColor of ["#f5c518", "#1d4ed8", "#777777", "#ffffff", "not-a-colour"]) {
    await t.step(`brand ${brandColor}: the button's text colour on its background is ≥ 4.5:1`, () => {
      const { html } = tourConfirmationEmail(tourInput({ property: { ...property, brandColor } }));
      const button = /<td align="center" bgcolor="(#[0-9a-f]{6})"[^>]*>\s*<a href="[^"]*"[^>]*color:(#[0-9a-f]{6})/
        .exec(html);
      assert.ok(button, "button found");
      assert.ok(contrastRatio(button[1], button[2]) >= 4.5, `${button[2]} on ${button[1]}`);
    });
  }
  await t.step("a hidden preheader comes first in the body; layout tables are presentational; lang set", () => {
    const { html } = tourConfirmationEmail(tourInput());
    const body = html.slice(html.indexOf("<body"));
    assert.ok(/^<body[^>]*>\s*<div style="display:none;[^"]*">See you Saturday, December 5 at 2:00 PM CST/.test(body));
    assert.ok(html.includes('<table role="presentation"'));
    assert.ok(html.includes('<html lang="en">'));
    assert.ok(html.includes("<title>Tour confirmed: Sunset Apartments, Sat, Dec 5 at 2:00 PM CST</title>"));
  });
});

Deno.test("manager alerts: calendar reconnect and dead outbox items", async (t) => {
  const settingsUrl = "https://sunset.example/wp-admin/admin.php?page=lumaleasing-calendars";
  await t.step("reconnect alert names the account, calendar, status, and links to settings in both parts", () => {
    const email = calendarReconnectAlertEmail({
      property,
      calendar: { accountEmail: "sam@sunset.example", calendarName: "Tours", agentName: "Sam Lee" },
      status: "revoked",
      settingsUrl,
      checkedAt: new Date("2026-12-01T15:00:00Z"),
      upcomingTourCount: 3,
    });
    assert.ok(/^Action needed/.test(email.subject));
    for (
      const fact of [
        "sam@sunset.example",
        "Tours",
        "Sam Lee",
        "Access revoked",
        "Tuesday, December 1, 2026 at 9:00 AM CST",
      ]
    ) {
      assert.ok(email.text.includes(fact) && email.html.includes(escapeHtml(fact)), fact);
    }
    assert.ok(email.text.includes(settingsUrl));
    assert.ok(email.html.includes(`href="${escapeHtml(settingsUrl)}"`));
  });
  await t.step("'expiring' is worded as a warning, not as broken", () => {
    const email = calendarReconnectAlertEmail({
      property,
      calendar: { accountEmail: "sam@sunset.example" },
      status: "expiring",
      settingsUrl,
      checkedAt: new Date("2026-12-01T15:00:00Z"),
    });
    assert.ok(!/Action needed/.test(email.subject) && /soon/.test(email.subject));
    assert.ok(email.text.includes("Expiring soon"));
  });
  await t.step("dead outbox alert: counts all, lists the first 10, says how many more, links to review", () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      kind: i % 2 ? "Reminder SMS" : "Confirmation email",
      description: `Prospect ${i + 1}, Sat Dec 5 2:00 PM`,
      attempts: 8,
      lastError: "twilio_21211: Invalid 'To' Phone Number",
      lastAttemptAt: new Date("2026-12-01T15:00:00Z"),
    }));
    const email = outboxDeadAlertEmail({ property, items, dashboardUrl: "https://sunset.example/wp-admin/tours" });
    assert.ok(email.subject.startsWith("12 tour updates"));
    assert.ok(email.text.includes("Prospect 10,") && !email.text.includes("Prospect 11,"));
    assert.ok(email.text.includes("2 more"));
    assert.ok(email.text.includes("Tried 8 times"));
    assert.ok(email.html.includes(escapeHtml("Invalid 'To' Phone Number")));
    assert.ok(email.text.includes("https://sunset.example/wp-admin/tours"));
  });
});

// ---------------------------------------------------------------------------
// SMS

function assertOneSegment(sms: string) {
  const septets = gsm7Septets(sms);
  assert.ok(septets !== null, `GSM-7 only: ${JSON.stringify(sms)}`);
  assert.ok(septets <= 160, `${septets} septets: ${sms}`);
  assert.deepEqual(smsSegments(sms).segments, 1);
}

Deno.test("sms: a typical property fits with the full name, the time and the link", async (t) => {
  for (const [name, sms] of Object.entries(allSms(tourInput()))) {
    await t.step(`${name}: "${sms}"`, () => {
      assertOneSegment(sms);
      assert.ok(sms.startsWith("Sunset Apartments: "));
      assert.ok(sms.includes("2:00 PM CST"));
      assert.ok(sms.endsWith(MANAGE));
    });
  }
});

Deno.test("sms: long names are shortened, odd characters made GSM-7, and the link is kept whole", async (t) => {
  const longName = "The Residences at Lakeside Village — Luxury Apartment Homes, Phase II (Building C) 🏡 Café Société";
  const url60 = "https://tours.lumaleasing.example/m/" + "A".repeat(24);
  assert.equal(url60.length, 60);
  for (
    const [name, sms] of Object.entries(
      allSmsBothLanguages(tourInput({ property: { ...property, name: longName }, manageUrl: url60 })),
    )
  ) {
    await t.step(`${name} (${sms.length} chars): "${sms}"`, () => {
      assertOneSegment(sms);
      assert.ok(sms.startsWith("The Residences"), "keeps the start of the name");
      assert.ok(sms.includes(url60));
    });
  }
  await t.step("a name with no GSM-7 letters at all (emoji, CJK) falls back to 'Tour'", () => {
    const sms = tourConfirmationSms(tourInput({ property: { ...property, name: "🏡🌇 公寓" } }));
    assertOneSegment(sms);
    assert.ok(sms.startsWith("Tour: "));
  });
  await t.step("accents outside GSM-7 are dropped, those inside are kept ('Łódź Café' → 'Lodz Café')", () => {
    const sms = tourConfirmationSms(tourInput({ property: { ...property, name: "Łódź Café" } }));
    assertOneSegment(sms);
    assert.ok(sms.startsWith("Lodz Café: "), sms);
  });
  await t.step("a link far beyond 60 characters is refused with code sms_too_long", () => {
    assert.throws(
      () => tourConfirmationSms(tourInput({ manageUrl: "https://tours.example/m/" + "x".repeat(150) })),
      (e) => e instanceof MessageInputError && e.code === "sms_too_long",
    );
  });
});

const ZONES = [
  "America/Chicago",
  "America/New_York",
  "America/Los_Angeles",
  "America/Denver",
  "America/Phoenix",
  "America/Anchorage",
  "America/St_Johns",
  "Pacific/Honolulu",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
];

const safeUrl = fc.tuple(
  fc.constantFrom("https://", "http://"),
  fc.stringMatching(/^[a-z0-9-]{1,20}(\.[a-z]{2,8}){1,2}$/),
  fc.stringMatching(/^\/[A-Za-z0-9_/-]{0,30}$/),
  fc.stringMatching(/^(\?[a-z]{1,5}=[A-Za-z0-9_-]{1,20})?$/),
)
  // "xn--…" labels are punycode, and most random ones do not decode: not a URL anyone has.
  .filter(([, host]) => !host.split(".").some((label) => label.startsWith("xn--")))
  .map(([scheme, host, path, query]) => new URL(scheme + host + path + query).href).filter((u) => u.length <= 60);

const anyName = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(..."{}[]~|^\\€ aé"), maxLength: 200 }), // two-septet characters
);

const anyStart = fc.date({
  min: new Date("2026-01-01T00:00:00Z"),
  max: new Date("2030-12-31T00:00:00Z"),
  noInvalidDate: true,
});

Deno.test("sms: property — every SMS, English and Spanish, is one GSM-7 segment with the link and the local time (2000 runs)", () => {
  fc.assert(
    fc.property(anyName, safeUrl, anyStart, fc.constantFrom(...ZONES), (name, url, start, timeZone) => {
      const input = tourInput({ property: { ...property, name, timeZone }, manageUrl: url }, start.toISOString());
      const localTime = formatInTimeZone(start, timeZone, "h:mm");
      for (const sms of Object.values(allSmsBothLanguages(input))) {
        assertOneSegment(sms);
        assert.ok(sms.includes(url), `link kept whole: ${sms}`);
        assert.ok(sms.includes(localTime), `local time ${localTime} in: ${sms}`);
      }
    }),
    { numRuns: 2000 },
  );
});

Deno.test("sms: property — any web URL up to 80 characters still fits one GSM-7 segment, in both languages (500 runs)", () => {
  fc.assert(
    fc.property(
      anyName,
      fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => u.length <= 80),
      (name, url) => {
        const input = tourInput({ property: { ...property, name }, manageUrl: url });
        for (const sms of Object.values(allSmsBothLanguages(input))) assertOneSegment(sms);
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("sms: property — real-looking names keep at least their first word when links are ≤ 60 chars, in both languages", () => {
  const word = fc.stringMatching(/^[A-Z][a-z]{1,11}$/);
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 15 }), safeUrl, (words, url) => {
      const input = tourInput({ property: { ...property, name: words.join(" ") }, manageUrl: url });
      for (const sms of Object.values(allSmsBothLanguages(input))) {
        assert.ok(sms.startsWith(words[0]), `${words[0]} first in: ${sms}`);
      }
    }),
    { numRuns: 500 },
  );
});
