import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi, parseRetryAfter } from "../src/api/client.ts";
import { icsFile, icsStamp } from "../src/booking/addToCalendar.ts";
import { isEmail, isPhone } from "../src/booking/validate.ts";
import { findContact, nameFromReply } from "../src/chat/contact.ts";
import { matchFaq } from "../src/chat/faq.ts";
import { formatLocale, resolveLang } from "../src/i18n/lang.ts";
import { contrastRatio, parseHex, textOn } from "../src/theme/color.ts";
import { dateInZone, firstDayOfWeek, formatDateLong, formatTime, zoneName, zonesDiffer } from "../src/time/format.ts";
import { sessionId, uuid } from "../src/util/id.ts";
import { CONFIG } from "./fakeBackend.ts";

afterEach(() => vi.useRealTimers());

describe("Intl formatting in the property's zone", () => {
  const start = "2026-12-01T20:00:00.000Z";
  it("formats times per locale: 2:00 PM / 14:00 / 14:00 h", () => {
    expect(formatTime(start, "America/Chicago", "en-US")).toBe("2:00 PM");
    expect(formatTime(start, "America/Chicago", "en-GB")).toBe("14:00");
    expect(formatTime(start, "America/Chicago", "es-ES")).toBe("14:00");
    expect(formatTime(start, "America/Chicago", "es-MX")).toMatch(/^2:00\s?p/);
  });
  it("names weekdays and months in the UI language", () => {
    expect(formatDateLong("2026-12-01", "en-US")).toBe("Tuesday, December 1, 2026");
    expect(formatDateLong("2026-12-01", "es-MX")).toBe("martes, 1 de diciembre de 2026");
  });
  it("finds the property's calendar date of an instant, across midnight UTC", () => {
    expect(dateInZone("2026-12-02T03:30:00.000Z", "America/Chicago")).toBe("2026-12-01");
    expect(dateInZone("2026-12-02T03:30:00.000Z", "Europe/Madrid")).toBe("2026-12-02");
  });
  it("gives friendly zone names and compares zones by their clocks", () => {
    expect(zoneName("America/Chicago", "en-US")).toBe("Central Time");
    expect(zoneName("America/Chicago", "es-MX")).toMatch(/hora central/i);
    expect(zonesDiffer("America/Chicago", "America/Winnipeg")).toBe(false);
    expect(zonesDiffer("America/Chicago", "America/Denver")).toBe(true);
  });
  it("starts weeks on Sunday in the US and Monday in Spain", () => {
    expect(firstDayOfWeek("en-US")).toBe(0);
    expect(firstDayOfWeek("es-ES")).toBe(1);
  });
});

describe("language choice", () => {
  it("follows <html lang> unless config lang overrides it", () => {
    expect(resolveLang(undefined, "es-MX")).toBe("es");
    expect(resolveLang("en", "es-MX")).toBe("en");
    expect(resolveLang(undefined, "fr-FR")).toBe("en");
  });
  it("formats in the visitor's own locale when it speaks the UI language", () => {
    expect(formatLocale("en", "en-US", ["en-GB", "en"])).toBe("en-GB");
    expect(formatLocale("es", "es-MX", ["en-US"])).toBe("es-MX");
    expect(formatLocale("es", "en", ["de-DE"])).toBe("es");
  });
});

describe("brand colour", () => {
  it("normalises hex colours and rejects anything else", () => {
    expect(parseHex("#0B6")).toBe("#00bb66");
    expect(parseHex("red")).toBeNull();
    expect(parseHex("#12345")).toBeNull();
  });
  it("picks the text colour with the better contrast, always at least 4.5:1", () => {
    const brands = ["#0b6e4f", "#2f5bea", "#ffd400", "#e91e63", "#000000", "#ffffff", "#777777", "#767676", "#ff0000", "#00a0ff"];
    for (let i = 0; i < 200; i++) brands.push("#" + Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, "0"));
    for (const brand of brands) {
      const text = textOn(brand);
      const other = text === "#ffffff" ? "#000000" : "#ffffff";
      expect(contrastRatio(brand, text)).toBeGreaterThanOrEqual(contrastRatio(brand, other));
      expect(contrastRatio(brand, text)).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn("#ffd400")).toBe("#000000");
    expect(textOn("#0b6e4f")).toBe("#ffffff");
  });
});

describe("FAQ matching", () => {
  it("scores keywords and question words", () => {
    expect(matchFaq("how much does a one bedroom cost?", CONFIG.faqs)?.id).toBe("f1");
    expect(matchFaq("can I bring my dogs", CONFIG.faqs)?.id).toBe("f2");
    expect(matchFaq("¿aceptan mascotas?", CONFIG.faqs)?.id).toBe("f2");
    expect(matchFaq("where do I park, is there a garage", CONFIG.faqs)?.id).toBe("f3");
  });
  it("returns nothing for unrelated text or a single shared filler word", () => {
    expect(matchFaq("what's the weather like", CONFIG.faqs)).toBeNull();
    expect(matchFaq("is there a pool", CONFIG.faqs)).toBeNull();
  });
});

describe("contact details in chat", () => {
  it("finds emails, 10–15 digit phones and introduced names", () => {
    expect(findContact("I'm Ana Ruiz — ana.ruiz@mail.example, +1 (312) 555-0142")).toEqual({
      firstName: "Ana",
      lastName: "Ruiz",
      email: "ana.ruiz@mail.example",
      phone: "+1 (312) 555-0142",
    });
    expect(findContact("me llamo José, 55 1234 5678")).toEqual({ firstName: "José", phone: "55 1234 5678" });
    expect(findContact("I'm interested in a 2 bedroom")).toEqual({});
    expect(findContact("call 555-0142")).toEqual({});
  });
  it("reads a reply to 'what's your name?'", () => {
    expect(nameFromReply("Jane Doe")).toBe("Jane Doe");
    expect(nameFromReply("it's Jane.")).toBe("Jane");
    expect(nameFromReply("my name is Mary-Kate O'Neil")).toBe("Mary-Kate O'Neil");
    expect(nameFromReply("what time do you close on sundays today")).toBeUndefined();
  });
  it("validates form emails and phones", () => {
    expect(isEmail("a@b.co")).toBe(true);
    expect(isEmail("a@b")).toBe(false);
    expect(isPhone("(312) 555-0199")).toBe(true);
    expect(isPhone("12")).toBe(false);
    expect(isPhone("call me")).toBe(false);
  });
});

describe("ICS and ids", () => {
  it("stamps instants in UTC basic format and folds long lines at 75 octets", () => {
    expect(icsStamp("2026-12-01T20:00:00.000Z")).toBe("20261201T200000Z");
    const ics = icsFile({ uid: "u", title: "Visita al apartamento en Residencial Árboles Mágicos ".repeat(3), start: "2026-12-01T20:00:00Z", end: "2026-12-01T20:30:00Z", details: "a;b,c\nd", location: "x" }, new Date("2026-11-28T15:00:00Z"));
    const lines = ics.split("\r\n");
    expect(lines.every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    expect(ics).toContain("DESCRIPTION:a\\;b\\,c\\nd\r\n");
    expect(ics).toContain("DTSTAMP:20261128T150000Z\r\n");
  });
  it("makes RFC 4122 v4 ids without crypto.randomUUID", () => {
    const ids = new Set(Array.from({ length: 50 }, uuid));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it("keeps one session id per tab, and makes a fresh one when storage is blocked", () => {
    sessionStorage.clear();
    const first = sessionId();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sessionId()).toBe(first);
    expect(sessionStorage.getItem("lumaleasing_session")).toBe(first);
    const blocked = vi.spyOn(window, "sessionStorage", "get").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    const fresh = sessionId();
    expect(fresh).not.toBe(first);
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    blocked.mockRestore();
  });
});

describe("API client", () => {
  it("sends the widget key, parses errors, and never throws", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ success: false, error: { code: "calendar_unavailable", message: "x" } }), { status: 503 }));
    const api = createApi({ backend: "http://b.example/functions/v1/", widgetKey: "k", fetch: fetch as unknown as typeof globalThis.fetch });
    const result = await api.availability("2026-11-28", 14);
    expect(fetch).toHaveBeenCalledWith("http://b.example/functions/v1/lumaleasing/tours/availability?from=2026-11-28&days=14", expect.objectContaining({ method: "GET", headers: { "X-Widget-Key": "k" } }));
    expect(result).toMatchObject({ ok: false, kind: "http", status: 503, body: { error: { code: "calendar_unavailable" } } });
    const offline = createApi({ backend: "http://b.example", widgetKey: "k", fetch: (async () => { throw new TypeError("offline"); }) as never });
    expect(await offline.config()).toEqual({ ok: false, kind: "network" });
  });
  it("POSTs a JSON body with its Content-Type and extra headers; GETs carry no body", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ success: true, booking: { id: "b" } }), { status: 201 }));
    const api = createApi({ backend: "http://b.example", widgetKey: "k", fetch: fetch as unknown as typeof globalThis.fetch });
    const result = await api.book({ start: "2026-12-01T20:00:00.000Z" } as never, "idem-1");
    expect(result).toEqual({ ok: true, status: 201, data: { success: true, booking: { id: "b" } } });
    expect(fetch).toHaveBeenLastCalledWith("http://b.example/lumaleasing/tours", expect.objectContaining({
      method: "POST",
      headers: { "X-Widget-Key": "k", "Content-Type": "application/json", "Idempotency-Key": "idem-1" },
      body: JSON.stringify({ start: "2026-12-01T20:00:00.000Z" }),
    }));
    await api.manage("t/1");
    expect(fetch).toHaveBeenLastCalledWith("http://b.example/lumaleasing/tours/manage?token=t%2F1", expect.objectContaining({ method: "GET", body: undefined }));
  });
  it("aborts after 8 seconds and reports a timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let signal: AbortSignal | undefined;
    const api = createApi({
      backend: "http://b.example",
      widgetKey: "k",
      fetch: ((_: string, init: RequestInit) => new Promise((_, reject) => { signal = init.signal!; signal.addEventListener("abort", () => reject(new DOMException("Aborted", "AbortError"))); })) as never,
    });
    const pending = api.config();
    await vi.advanceTimersByTimeAsync(7999);
    expect(signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({ ok: false, kind: "timeout" });
  });
  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:30 GMT", Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
  });
});
