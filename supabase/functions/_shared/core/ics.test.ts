// The .ics text is checked the way a calendar client would read it: parsed by ical.js
// (a real RFC 5545 parser), plus the wire rules a lenient parser would not catch
// (CRLF, 75-octet folding, UTF-8 safety).

import assert from "node:assert/strict";
import fc from "fast-check";
import ICAL from "ical.js";
import { buildIcs, type IcsEvent, IcsInputError } from "./ics.ts";

const LONG_DESCRIPTION = "Welcome to Sunset Apartments! Parking: visitor spots, row B; ring 101.\n" +
  "Bring a photo ID, proof of income; and questions, if any.\n" +
  "Path with backslash: C:\\tours\\map — emoji 🏠🔑👩🏽‍💼 and accents: café, naïve, Zürich.\n" +
  "A deliberately long line ".repeat(8);

function baseEvent(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    uid: "tour-42@lumaleasing.test",
    sequence: 2,
    method: "REQUEST",
    start: new Date("2026-12-05T20:00:00Z"),
    end: new Date("2026-12-05T20:30:00Z"),
    timeZone: "America/Chicago",
    summary: "Apartment tour: Sunset Apartments, Unit 4B; with Sam",
    description: LONG_DESCRIPTION,
    location: "123 Main St, Suite 100; Austin, TX 78701",
    organizer: { name: 'Sunset "Leasing"; Office', email: "tours@sunset.example" },
    attendee: { name: "María José, Jr.", email: "maria@example.com" },
    url: "https://tours.example/manage/abc?x=1&y=2",
    status: "CONFIRMED",
    now: new Date("2026-12-01T12:34:56Z"),
    ...overrides,
  };
}

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent");
  assert.ok(vevent, "has a VEVENT");
  return { calendar, vevent };
}

function utcIso(time: unknown): string {
  return (time as ICAL.Time).toJSDate().toISOString();
}

Deno.test("ics: every field of a REQUEST round-trips through ical.js", async (t) => {
  const event = baseEvent();
  const ics = buildIcs(event);
  const { calendar, vevent } = parse(ics);

  await t.step("calendar properties: PRODID, VERSION 2.0, CALSCALE GREGORIAN, METHOD REQUEST", () => {
    assert.ok(String(calendar.getFirstPropertyValue("prodid")).includes("LumaLeasing"));
    assert.equal(calendar.getFirstPropertyValue("version"), "2.0");
    assert.equal(calendar.getFirstPropertyValue("calscale"), "GREGORIAN");
    assert.equal(calendar.getFirstPropertyValue("method"), "REQUEST");
  });
  await t.step("UID, SEQUENCE, STATUS, URL", () => {
    assert.equal(vevent.getFirstPropertyValue("uid"), event.uid);
    assert.equal(vevent.getFirstPropertyValue("sequence"), 2);
    assert.equal(vevent.getFirstPropertyValue("status"), "CONFIRMED");
    assert.equal(vevent.getFirstPropertyValue("url"), event.url);
  });
  await t.step("DTSTART/DTEND/DTSTAMP are UTC instants (Z) equal to the inputs", () => {
    for (const name of ["dtstart", "dtend", "dtstamp"]) {
      assert.equal((vevent.getFirstPropertyValue(name) as ICAL.Time).zone, ICAL.Timezone.utcTimezone, name);
    }
    assert.equal(utcIso(vevent.getFirstPropertyValue("dtstart")), event.start.toISOString());
    assert.equal(utcIso(vevent.getFirstPropertyValue("dtend")), event.end.toISOString());
    assert.equal(utcIso(vevent.getFirstPropertyValue("dtstamp")), event.now.toISOString());
    assert.ok(ics.includes("\r\nDTSTART:20261205T200000Z\r\n"));
  });
  await t.step("SUMMARY, LOCATION and a long DESCRIPTION with , ; \\ newlines and emoji come back exactly", () => {
    assert.equal(vevent.getFirstPropertyValue("summary"), event.summary);
    assert.equal(vevent.getFirstPropertyValue("location"), event.location);
    assert.equal(vevent.getFirstPropertyValue("description"), event.description);
  });
  await t.step("ORGANIZER and ATTENDEE: mailto address and CN (quotes and commas survive)", () => {
    const organizer = vevent.getFirstProperty("organizer")!;
    assert.equal(organizer.getFirstValue(), "mailto:tours@sunset.example");
    assert.equal(organizer.getParameter("cn"), 'Sunset "Leasing"; Office');
    const attendee = vevent.getFirstProperty("attendee")!;
    assert.equal(attendee.getFirstValue(), "mailto:maria@example.com");
    assert.equal(attendee.getParameter("cn"), "María José, Jr.");
    assert.equal(attendee.getParameter("partstat"), "ACCEPTED");
    assert.equal(attendee.getParameter("rsvp"), "FALSE");
  });
  await t.step("two display alarms, 24 h and 1 h before the start", () => {
    const alarms = vevent.getAllSubcomponents("valarm");
    assert.deepEqual(
      alarms.map((a) => (a.getFirstPropertyValue("trigger") as ICAL.Duration).toSeconds()),
      [-24 * 3600, -3600],
    );
    assert.ok(alarms.every((a) => a.getFirstPropertyValue("action") === "DISPLAY"));
  });
});

Deno.test("ics: wire format is CRLF, folded at 75 octets without cutting UTF-8", async (t) => {
  const ics = buildIcs(baseEvent({ description: "é🏠".repeat(200) + LONG_DESCRIPTION }));
  await t.step("ends with CRLF and has no bare LF or CR", () => {
    assert.ok(ics.endsWith("\r\n"));
    assert.ok(!/[^\r]\n/.test(ics), "no LF without CR");
    assert.ok(!/\r[^\n]/.test(ics), "no CR without LF");
  });
  const physical = ics.slice(0, -2).split("\r\n");
  await t.step("every physical line is at most 75 octets of UTF-8", () => {
    const longest = Math.max(...physical.map((l) => new TextEncoder().encode(l).length));
    console.log(`  longest line: ${longest} octets over ${physical.length} lines`);
    assert.ok(longest <= 75, `longest line ${longest}`);
  });
  await t.step("folding happened, and never inside a character (each line is valid on its own)", () => {
    assert.ok(physical.some((l) => l.startsWith(" ")), "some lines were folded");
    for (const line of physical) assert.equal(line.toWellFormed(), line);
  });
  await t.step("unfolding gives back the description exactly", () => {
    const { vevent } = parse(ics);
    assert.equal(vevent.getFirstPropertyValue("description"), "é🏠".repeat(200) + LONG_DESCRIPTION);
  });
});

Deno.test("ics: a CANCEL keeps the UID, bumps nothing itself, and drops the alarms", () => {
  const ics = buildIcs(baseEvent({ method: "CANCEL", status: "CANCELLED", sequence: 3 }));
  const { calendar, vevent } = parse(ics);
  assert.equal(calendar.getFirstPropertyValue("method"), "CANCEL");
  assert.equal(vevent.getFirstPropertyValue("status"), "CANCELLED");
  assert.equal(vevent.getFirstPropertyValue("uid"), "tour-42@lumaleasing.test");
  assert.equal(vevent.getFirstPropertyValue("sequence"), 3);
  assert.equal(vevent.getAllSubcomponents("valarm").length, 0);
});

// What survives of free text: CR/CRLF become LF, other control characters go, and a
// lone surrogate (no UTF-8 form) becomes U+FFFD. In a name (a parameter) control
// characters become spaces, backslashes are dropped and the ends are trimmed.
function expectedText(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.toWellFormed().replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}
function expectedName(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.toWellFormed().replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\\/g, "").trim();
}

Deno.test("ics: property — any text in summary/description/location/names round-trips (500 runs)", () => {
  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 400 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.stringMatching(/^[,;:\\"^\n\r a-z]{0,120}$/),
  );
  fc.assert(
    fc.property(text, text, text, text, (summary, description, location, name) => {
      const ics = buildIcs(baseEvent({ summary, description, location, attendee: { name, email: "p@example.com" } }));
      for (const line of ics.slice(0, -2).split("\r\n")) {
        if (new TextEncoder().encode(line).length > 75) return false;
      }
      const { vevent } = parse(ics);
      assert.equal(vevent.getFirstPropertyValue("summary") ?? "", expectedText(summary));
      assert.equal(vevent.getFirstPropertyValue("description") ?? "", expectedText(description));
      assert.equal(vevent.getFirstPropertyValue("location") ?? "", expectedText(location));
      assert.equal(vevent.getFirstProperty("attendee")!.getParameter("cn") ?? "", expectedName(name));
      return true;
    }),
    { numRuns: 500 },
  );
});

Deno.test("ics: bad input fails with a machine-readable code", async (t) => {
  const cases: [string, Partial<IcsEvent>, string][] = [
    ["empty uid", { uid: " " }, "invalid_uid"],
    ["negative sequence", { sequence: -1 }, "invalid_sequence"],
    ["fractional sequence", { sequence: 1.5 }, "invalid_sequence"],
    ["invalid start", { start: new Date("nope") }, "invalid_date"],
    ["end before start", { end: new Date("2026-12-05T19:00:00Z") }, "end_before_start"],
    ["end equal to start", { end: new Date("2026-12-05T20:00:00Z") }, "end_before_start"],
    ["unknown zone", { timeZone: "Mars/Olympus" }, "invalid_time_zone"],
    ["attendee email with a line break", { attendee: { name: "x", email: "a@b.c\r\nX-EVIL:1" } }, "invalid_email"],
    ["organizer not an email", { organizer: { name: "x", email: "nobody" } }, "invalid_email"],
    ["javascript: url", { url: "javascript:alert(1)" }, "invalid_url"],
    ["CANCEL with CONFIRMED", { method: "CANCEL", status: "CONFIRMED" }, "status_mismatch"],
  ];
  for (const [label, overrides, code] of cases) {
    await t.step(`${label} → ${code}`, () => {
      assert.throws(() => buildIcs(baseEvent(overrides)), (e) => e instanceof IcsInputError && e.code === code);
    });
  }
});
