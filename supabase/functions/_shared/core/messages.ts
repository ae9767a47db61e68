// Message templates: what prospects and property managers read, by email and SMS.
// Pure functions: same input, same text. Times are shown in the property's zone.
//
// Email HTML follows what mail clients actually render: table layout, inline styles,
// a hidden preheader, one clear button. Every interpolated value is escaped.
// SMS stays in one GSM-7 segment (≤ 160 septets) so it is never split or re-encoded.

import { escapeHtml } from "./html.ts";
import { formatInTimeZone } from "date-fns-tz/formatInTimeZone";

// ---------------------------------------------------------------------------
// Inputs and outputs

export interface PropertyInfo {
  name: string;
  /** "#rrggbb" or "#rgb"; anything else falls back to DEFAULT_BRAND_COLOR. */
  brandColor: string;
  /** IANA zone, e.g. "America/Chicago". */
  timeZone: string;
  address: string;
  phone: string;
  email: string;
}

export interface TourInfo {
  startUtc: Date;
  endUtc: Date;
  prospectFirstName: string;
  agentName?: string;
}

export interface TourMessageInput {
  property: PropertyInfo;
  tour: TourInfo;
  /** The prospect's link to reschedule or cancel. */
  manageUrl: string;
  /** What to bring; defaults to "a photo ID". */
  whatToBring?: string;
  /** Whether the caller attaches an .ics invitation (mentioned in the text). Default true. */
  calendarInviteAttached?: boolean;
}

export type ReminderKind = "24h" | "1h";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export const DEFAULT_BRAND_COLOR = "#1d4ed8";
export const DEFAULT_WHAT_TO_BRING = "a photo ID";
export const SMS_MAX_SEPTETS = 160;

export type MessageInputErrorCode =
  | "invalid_url"
  | "invalid_time_zone"
  | "invalid_date"
  | "sms_too_long";

export class MessageInputError extends Error {
  override readonly name = "MessageInputError";
  constructor(readonly code: MessageInputErrorCode, message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// Prospect emails

export function tourConfirmationEmail(input: TourMessageInput): EmailContent {
  const when = describeTourTime(input);
  const first = greetingName(input.tour.prospectFirstName);
  return renderEmail(input.property, {
    subject: `Tour confirmed: ${oneLine(input.property.name)}, ${when.short}`,
    preheader: `See you ${when.fullNoYear} at ${oneLine(input.property.address)}.`,
    heading: "Your tour is confirmed",
    intro: [
      `Hi ${first}, thanks for booking a tour at ${oneLine(input.property.name)}. We look forward to meeting you.`,
    ],
    facts: tourFacts(input, when),
    action: manageAction(input.manageUrl, "Need to reschedule or cancel? Use this link any time before your tour."),
    outro: inviteNote(input, "Add the tour to your calendar with the attached invitation."),
  });
}

export function tourReminderEmail(input: TourMessageInput & { kind: ReminderKind }): EmailContent {
  const when = describeTourTime(input);
  const first = greetingName(input.tour.prospectFirstName);
  const name = oneLine(input.property.name);
  const soon = input.kind === "1h";
  return renderEmail(input.property, {
    subject: soon
      ? `Starting soon: your tour at ${name} at ${when.time}`
      : `Reminder: your tour at ${name} is ${when.short}`,
    preheader: soon
      ? `Your tour starts at ${when.time} at ${oneLine(input.property.address)}.`
      : `Your tour is ${when.fullNoYear}. Bring ${oneLine(input.whatToBring ?? DEFAULT_WHAT_TO_BRING)}.`,
    heading: soon ? "Your tour starts soon" : "Your tour is coming up",
    intro: [
      soon
        ? `Hi ${first}, this is a reminder that your tour at ${name} starts at ${when.time}.`
        : `Hi ${first}, this is a reminder of your tour at ${name} on ${when.full}.`,
    ],
    facts: tourFacts(input, when),
    action: manageAction(input.manageUrl, "Plans changed? You can reschedule or cancel here."),
    outro: [],
  });
}

export function tourCancelledEmail(
  input: TourMessageInput & { cancelledBy?: "prospect" | "property"; bookAgainUrl?: string },
): EmailContent {
  const when = describeTourTime(input);
  const first = greetingName(input.tour.prospectFirstName);
  const name = oneLine(input.property.name);
  const byProperty = input.cancelledBy === "property";
  return renderEmail(input.property, {
    subject: `Tour cancelled: ${name}, ${when.short}`,
    preheader: `Your tour on ${when.fullNoYear} has been cancelled.`,
    heading: "Your tour has been cancelled",
    intro: [
      byProperty
        ? `Hi ${first}, we're sorry: the leasing team at ${name} had to cancel your tour on ${when.full}.`
        : `Hi ${first}, your tour at ${name} on ${when.full} has been cancelled.`,
      "We'd still love to show you around. Pick a new time whenever it suits you.",
    ],
    facts: [
      { label: "Cancelled tour", text: when.full },
      addressFact(input.property.address),
      ...contactFacts(input.property),
    ],
    action: { label: "Book a new time", url: checkedUrl(input.bookAgainUrl ?? input.manageUrl) },
    outro: [],
  });
}

export function tourRescheduledEmail(input: TourMessageInput & { previousStartUtc: Date }): EmailContent {
  const when = describeTourTime(input);
  const before = formatFull(input.previousStartUtc, input.property.timeZone);
  const first = greetingName(input.tour.prospectFirstName);
  const name = oneLine(input.property.name);
  return renderEmail(input.property, {
    subject: `Tour rescheduled: ${name}, now ${when.short}`,
    preheader: `Your tour has moved to ${when.fullNoYear}.`,
    heading: "Your tour has a new time",
    intro: [`Hi ${first}, your tour at ${name} has moved to ${when.full}.`],
    facts: [{ label: "Previously", text: before }, ...tourFacts(input, when)],
    action: manageAction(input.manageUrl, "Need a different time? You can change or cancel here."),
    outro: inviteNote(input, "The attached invitation updates the event in your calendar."),
  });
}

// ---------------------------------------------------------------------------
// Property manager alerts

export type CalendarConnectionStatus = "expiring" | "expired" | "revoked" | "error";

export interface CalendarReconnectAlertInput {
  property: PropertyInfo;
  calendar: { accountEmail: string; calendarName?: string; agentName?: string };
  status: CalendarConnectionStatus;
  /** The plugin's settings page, where "Reconnect" is one click. */
  settingsUrl: string;
  checkedAt: Date;
  /** Provider's words, e.g. "invalid_grant: Token has been expired or revoked." */
  detail?: string;
  upcomingTourCount?: number;
}

const STATUS_WORDS: Record<CalendarConnectionStatus, { label: string; effect: string }> = {
  expiring: {
    label: "Expiring soon",
    effect: "The connection still works today, but will stop unless it is reconnected.",
  },
  expired: {
    label: "Expired",
    effect: "New tours can't be added to this calendar and availability may be out of date until it is reconnected.",
  },
  revoked: {
    label: "Access revoked",
    effect: "Google no longer lets us read or write this calendar. New tours can't be added until it is reconnected.",
  },
  error: {
    label: "Not working",
    effect: "We couldn't reach this calendar. New tours may not appear in it until the connection is fixed.",
  },
};

export function calendarReconnectAlertEmail(input: CalendarReconnectAlertInput): EmailContent {
  const name = oneLine(input.property.name);
  const account = oneLine(input.calendar.accountEmail);
  const words = STATUS_WORDS[input.status];
  const urgent = input.status !== "expiring";
  const facts: Fact[] = [
    { label: "Google account", text: account },
    ...(input.calendar.calendarName ? [{ label: "Calendar", text: oneLine(input.calendar.calendarName) }] : []),
    ...(input.calendar.agentName ? [{ label: "Agent", text: oneLine(input.calendar.agentName) }] : []),
    { label: "Status", text: words.label },
    { label: "Checked", text: formatFull(input.checkedAt, input.property.timeZone) },
    ...(input.upcomingTourCount !== undefined
      ? [{ label: "Upcoming tours on it", text: String(input.upcomingTourCount) }]
      : []),
    ...(input.detail ? [{ label: "Details", text: oneLine(input.detail) }] : []),
  ];
  return renderEmail(input.property, {
    subject: urgent
      ? `Action needed: reconnect Google Calendar for ${name}`
      : `Google Calendar for ${name} needs reconnecting soon`,
    preheader: `${account}: ${words.label.toLowerCase()}. Reconnect from the settings page.`,
    heading: urgent ? "Reconnect your Google Calendar" : "Your Google Calendar connection expires soon",
    intro: [
      `Hello, the Google Calendar connection for ${account} at ${name} needs attention.`,
      words.effect,
    ],
    facts,
    action: {
      label: "Open calendar settings",
      url: checkedUrl(input.settingsUrl),
      hint: "Sign in to WordPress, then choose Reconnect next to this calendar.",
    },
    outro: [],
    footerNote: `Sent to the property manager of ${name}.`,
  });
}

export interface DeadOutboxItem {
  /** e.g. "Confirmation email", "Google Calendar event". */
  kind: string;
  /** Who or what it was for, e.g. "Maria, Sat Dec 5 2:00 PM". */
  description: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: Date;
}

export interface OutboxDeadAlertInput {
  property: PropertyInfo;
  items: DeadOutboxItem[];
  /** Where the manager can review tours and retry. */
  dashboardUrl: string;
}

const DEAD_ITEMS_SHOWN = 10;

export function outboxDeadAlertEmail(input: OutboxDeadAlertInput): EmailContent {
  const name = oneLine(input.property.name);
  const count = input.items.length;
  const noun = count === 1 ? "update" : "updates";
  const shown = input.items.slice(0, DEAD_ITEMS_SHOWN);
  const facts: Fact[] = shown.map((item) => ({
    label: oneLine(item.kind),
    text: `${oneLine(item.description)}. Tried ${item.attempts} ${item.attempts === 1 ? "time" : "times"}, ` +
      `last on ${formatFull(item.lastAttemptAt, input.property.timeZone)}: ${oneLine(item.lastError)}`,
  }));
  if (count > shown.length) facts.push({ label: "And more", text: `${count - shown.length} more not listed here` });
  return renderEmail(input.property, {
    subject: `${count} tour ${noun} for ${name} could not be completed`,
    preheader: `We stopped retrying ${count} ${noun}. Please review them.`,
    heading: `${count} tour ${noun} need${count === 1 ? "s" : ""} your attention`,
    intro: [
      `Hello, we tried several times but could not complete the following for ${name}. ` +
      "Prospects may be missing a confirmation or reminder, or a calendar may be out of date.",
    ],
    facts,
    action: { label: "Review tours", url: checkedUrl(input.dashboardUrl) },
    outro: [],
    footerNote: `Sent to the property manager of ${name}.`,
  });
}

// ---------------------------------------------------------------------------
// SMS (one GSM-7 segment)

export function tourConfirmationSms(input: TourMessageInput): string {
  const url = smsUrl(input.manageUrl);
  const { timeZone } = input.property;
  const start = input.tour.startUtc;
  return fitSms(input.property.name, [
    (n) => `${n}: your tour is confirmed for ${smsWhen(start, timeZone)}. Reschedule or cancel: ${url}`,
    (n) => `${n}: tour confirmed ${smsWhen(start, timeZone)}. Manage: ${url}`,
    (n) => `${n}: tour ${smsWhenShort(start, timeZone)}. ${url}`,
  ]);
}

export function tourReminderSms(input: TourMessageInput & { kind: ReminderKind }): string {
  const url = smsUrl(input.manageUrl);
  const { timeZone } = input.property;
  const start = input.tour.startUtc;
  const time = formatInTimeZoneChecked(start, timeZone, "h:mm a zzz");
  const templates: ((n: string) => string)[] = input.kind === "1h"
    ? [
      (n) => `${n}: your tour starts at ${time}. See you soon! Manage: ${url}`,
      (n) => `${n}: tour at ${time}. Manage: ${url}`,
      (n) => `${n}: tour ${time}. ${url}`,
    ]
    : [
      (n) => `${n}: reminder, your tour is ${smsWhen(start, timeZone)}. Reschedule or cancel: ${url}`,
      (n) => `${n}: tour ${smsWhen(start, timeZone)}. Manage: ${url}`,
      (n) => `${n}: tour ${smsWhenShort(start, timeZone)}. ${url}`,
    ];
  return fitSms(input.property.name, templates);
}

export function tourCancelledSms(input: TourMessageInput & { bookAgainUrl?: string }): string {
  const url = smsUrl(input.bookAgainUrl ?? input.manageUrl);
  const { timeZone } = input.property;
  const start = input.tour.startUtc;
  return fitSms(input.property.name, [
    (n) => `${n}: your tour on ${smsWhen(start, timeZone)} is cancelled. Book a new time: ${url}`,
    (n) => `${n}: tour ${smsWhen(start, timeZone)} cancelled. Rebook: ${url}`,
    (n) => `${n}: tour ${smsWhenShort(start, timeZone)} cancelled. ${url}`,
  ]);
}

// Shortest name worth keeping before falling back to a leaner template.
const MIN_SMS_NAME = 12;

/**
 * Tries each template (richest first) and shortens the property name to whatever room is
 * left, so the text always fits one segment. Throws only if even the leanest template
 * without a name is too long (a manage link far beyond the ~60 characters we plan for).
 */
function fitSms(propertyName: string, templates: ((name: string) => string)[]): string {
  const name = toGsm7(oneLine(propertyName)) || "Tour";
  for (const [index, template] of templates.entries()) {
    const room = SMS_MAX_SEPTETS - (gsm7Septets(template("")) ?? Infinity);
    const last = index === templates.length - 1;
    if (room >= Math.min(MIN_SMS_NAME, gsm7Septets(name)!) || (last && room >= 1)) {
      const text = template(shortenToSeptets(name, room));
      if ((gsm7Septets(text) ?? Infinity) <= SMS_MAX_SEPTETS) return text;
    }
  }
  throw new MessageInputError("sms_too_long", "SMS does not fit in 160 characters; the link is too long");
}

function shortenToSeptets(text: string, room: number): string {
  if ((gsm7Septets(text) ?? Infinity) <= room) return text;
  let cut = "";
  for (const ch of text) {
    if ((gsm7Septets(cut + ch) ?? Infinity) > room) break;
    cut += ch;
  }
  // Prefer ending on a word boundary when that keeps most of the name.
  const lastSpace = cut.lastIndexOf(" ");
  if (lastSpace >= cut.length * 0.6) cut = cut.slice(0, lastSpace);
  return cut.replace(/[\s,.;:&+\-/]+$/, "") || cut.slice(0, 1);
}

function smsWhen(at: Date, timeZone: string): string {
  return formatInTimeZoneChecked(at, timeZone, "EEE MMM d, h:mm a zzz");
}

function smsWhenShort(at: Date, timeZone: string): string {
  return formatInTimeZoneChecked(at, timeZone, "M/d h:mma zzz");
}

/** A link safe for GSM-7: anything outside the alphabet is percent-encoded. */
function smsUrl(url: string): string {
  const href = checkedUrl(url);
  return [...href].map((ch) => (isGsm7(ch) ? ch : encodeURIComponent(ch))).join("");
}

// ---------------------------------------------------------------------------
// GSM-7 (3GPP TS 23.038 default alphabet and its extension table)

const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
// Each costs two septets (escape + character).
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€");

/** Septets the text takes in GSM-7, or null when it needs UCS-2. */
export function gsm7Septets(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else return null;
  }
  return septets;
}

export function isGsm7(text: string): boolean {
  return gsm7Septets(text) !== null;
}

/** How a carrier would split the text: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2. */
export function smsSegments(text: string): { encoding: "GSM-7" | "UCS-2"; units: number; segments: number } {
  const septets = gsm7Septets(text);
  if (septets !== null) {
    return { encoding: "GSM-7", units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

const GSM7_LOOKALIKES: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "`": "'",
  "\u00b4": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2033": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2012": "-",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u00a0": " ",
  "\u2022": "-",
  "\u00b7": "-",
  "\t": " ",
  // Letters that Unicode does not decompose into a base letter plus an accent.
  "Ł": "L",
  "ł": "l",
  "Đ": "D",
  "đ": "d",
  "ı": "i",
  "Ħ": "H",
  "ħ": "h",
  "Œ": "OE",
  "œ": "oe",
  "Þ": "Th",
  "þ": "th",
  "ð": "d",
};

/** Best-effort GSM-7 version of free text: look-alikes swapped, accents dropped, the rest removed. */
export function toGsm7(text: string): string {
  let out = "";
  for (const ch of text) {
    if (GSM7_BASIC.has(ch) || GSM7_EXTENSION.has(ch)) out += ch;
    else if (ch in GSM7_LOOKALIKES) out += GSM7_LOOKALIKES[ch];
    else {
      for (const part of ch.normalize("NFKD")) {
        if (GSM7_BASIC.has(part) || GSM7_EXTENSION.has(part)) out += part;
      }
    }
  }
  return out.replace(/[\r\n\f]+/g, " ").replace(/ {2,}/g, " ").trim();
}

// ---------------------------------------------------------------------------
// Dates

interface TourTime {
  /** "Saturday, December 5, 2026 at 2:00 PM CST (30 minutes)" without the duration */
  full: string;
  fullNoYear: string;
  /** "Sat, Dec 5 at 2:00 PM CST" */
  short: string;
  /** "2:00 PM CST" */
  time: string;
  duration: string;
}

function describeTourTime(input: TourMessageInput): TourTime {
  const { startUtc, endUtc } = input.tour;
  const zone = input.property.timeZone;
  return {
    full: formatFull(startUtc, zone),
    fullNoYear: formatInTimeZoneChecked(startUtc, zone, "EEEE, MMMM d 'at' h:mm a zzz"),
    short: formatInTimeZoneChecked(startUtc, zone, "EEE, MMM d 'at' h:mm a zzz"),
    time: formatInTimeZoneChecked(startUtc, zone, "h:mm a zzz"),
    duration: describeDuration(checkedDate(endUtc).getTime() - startUtc.getTime()),
  };
}

/** "Saturday, December 5, 2026 at 2:00 PM CST", in the given zone. */
export function formatFull(at: Date, timeZone: string): string {
  return formatInTimeZoneChecked(at, timeZone, "EEEE, MMMM d, yyyy 'at' h:mm a zzz");
}

function formatInTimeZoneChecked(at: Date, timeZone: string, pattern: string): string {
  checkedDate(at);
  try {
    return formatInTimeZone(at, timeZone, pattern);
  } catch {
    throw new MessageInputError("invalid_time_zone", `not an IANA time zone: ${timeZone}`);
  }
}

function checkedDate(at: Date): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new MessageInputError("invalid_date", "a tour time is not a valid date");
  }
  return at;
}

function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes <= 0) return "";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    ...(hours ? [`${hours} ${hours === 1 ? "hour" : "hours"}`] : []),
    ...(rest ? [`${rest} ${rest === 1 ? "minute" : "minutes"}`] : []),
  ];
  return parts.join(" ");
}

// ---------------------------------------------------------------------------
// Facts shared by the tour emails

interface Fact {
  label: string;
  text: string;
  link?: { label: string; url: string };
}

interface Action {
  label: string;
  url: string;
  hint?: string;
}

function tourFacts(input: TourMessageInput, when: TourTime): Fact[] {
  const agent = input.tour.agentName ? oneLine(input.tour.agentName) : "";
  return [
    { label: "When", text: when.duration ? `${when.full} (${when.duration})` : when.full },
    addressFact(input.property.address),
    ...(agent ? [{ label: "Your guide", text: agent }] : []),
    { label: "What to bring", text: oneLine(input.whatToBring ?? DEFAULT_WHAT_TO_BRING) || DEFAULT_WHAT_TO_BRING },
    ...contactFacts(input.property),
  ];
}

function addressFact(address: string): Fact {
  const clean = oneLine(address);
  return { label: "Where", text: clean, link: { label: "Open in Google Maps", url: googleMapsUrl(clean) } };
}

function contactFacts(property: PropertyInfo): Fact[] {
  const phone = oneLine(property.phone);
  const email = oneLine(property.email);
  const text = phone && email
    ? `Call ${phone} or email ${email}`
    : phone
    ? `Call ${phone}`
    : email
    ? `Email ${email}`
    : "";
  return text ? [{ label: "Questions", text }] : [];
}

function manageAction(url: string, hint: string): Action {
  return { label: "Reschedule or cancel", url: checkedUrl(url), hint };
}

function inviteNote(input: TourMessageInput, sentence: string): string[] {
  return input.calendarInviteAttached === false ? [] : [sentence];
}

export function googleMapsUrl(address: string): string {
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(address)}`;
}

function greetingName(firstName: string): string {
  return oneLine(firstName) || "there";
}

/** Collapses whitespace and control characters, so free text cannot break a line or a header. */
function oneLine(text: string | undefined): string {
  // deno-lint-ignore no-control-regex
  return (text ?? "").replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, " ").trim();
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MessageInputError("invalid_url", `not a URL: ${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new MessageInputError("invalid_url", `links must be http(s): ${url}`);
  }
  return parsed.href;
}

// ---------------------------------------------------------------------------
// Colour: the brand colour is used as a background with whichever text reads best.

const BODY_TEXT = "#1f2937"; // 14.7:1 on white
const MUTED_TEXT = "#4b5563"; // 7.6:1 on white
const PAGE_BACKGROUND = "#f3f4f6";

export function normalizeHexColor(color: string): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return `#${hex.toLowerCase()}`;
}

export function relativeLuminance(hexColor: string): number {
  const hex = normalizeHexColor(hexColor) ?? DEFAULT_BRAND_COLOR;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * White or dark text for a background, whichever contrasts more; pure black when
 * neither reaches 4.5:1 (mid-tones), since black always does (≥ 4.58:1).
 */
export function textColorOn(background: string): string {
  const candidates = ["#ffffff", "#111827"];
  const best = candidates.reduce((a, b) => (contrastRatio(b, background) > contrastRatio(a, background) ? b : a));
  return contrastRatio(best, background) >= 4.5 ? best : "#000000";
}

/** The brand colour for links on white when it is readable there, else the body colour. */
function linkColor(brand: string): string {
  return contrastRatio(brand, "#ffffff") >= 4.5 ? brand : BODY_TEXT;
}

// ---------------------------------------------------------------------------
// Rendering: one content model → HTML and plain text carrying the same facts.

interface EmailModel {
  subject: string;
  preheader: string;
  heading: string;
  intro: string[];
  facts: Fact[];
  action: Action;
  outro: string[];
  footerNote?: string;
}

export { escapeHtml };

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function renderEmail(property: PropertyInfo, model: EmailModel): EmailContent {
  const subject = oneLine(model.subject);
  return { subject, html: renderHtml(property, { ...model, subject }), text: renderText(property, model) };
}

function renderHtml(property: PropertyInfo, model: EmailModel): string {
  const brand = normalizeHexColor(property.brandColor) ?? DEFAULT_BRAND_COLOR;
  const onBrand = textColorOn(brand);
  const link = linkColor(brand);
  const e = escapeHtml;
  const a = (url: string, label: string) =>
    `<a href="${e(url)}" target="_blank" rel="noopener" style="color:${link};text-decoration:underline;">${
      e(label)
    }</a>`;

  const paragraphs = (lines: string[]) => lines.map((line) => `<p style="margin:0 0 16px;">${e(line)}</p>`).join("\n");

  const factRows = model.facts.map((fact) =>
    `<tr>
<td valign="top" width="32%" style="width:32%;padding:8px 12px 8px 0;font-weight:bold;color:${BODY_TEXT};">${
      e(fact.label)
    }</td>
<td valign="top" style="padding:8px 0;color:${BODY_TEXT};word-break:break-word;">${e(fact.text)}${
      fact.link ? `<br>${a(fact.link.url, fact.link.label)}` : ""
    }</td>
</tr>`
  ).join("\n");

  const button = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px;">
<tr><td align="center" bgcolor="${brand}" style="border-radius:6px;background-color:${brand};">
<a href="${
    e(model.action.url)
  }" target="_blank" rel="noopener" style="display:inline-block;padding:14px 28px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:bold;color:${onBrand};text-decoration:none;border-radius:6px;">${
    e(model.action.label)
  }</a>
</td></tr>
</table>
${
    model.action.hint
      ? `<p style="margin:0 0 8px;font-size:14px;line-height:20px;color:${MUTED_TEXT};">${e(model.action.hint)}</p>`
      : ""
  }
<p style="margin:0 0 16px;font-size:14px;line-height:20px;color:${MUTED_TEXT};word-break:break-all;">Or open this link: ${
    a(model.action.url, model.action.url)
  }</p>`;

  const footer = [
    `<strong>${e(oneLine(property.name))}</strong>`,
    e(oneLine(property.address)),
    [
      oneLine(property.phone)
        ? `<a href="tel:${e(oneLine(property.phone).replace(/[^\d+]/g, ""))}" style="color:${MUTED_TEXT};">${
          e(oneLine(property.phone))
        }</a>`
        : "",
      oneLine(property.email)
        ? `<a href="mailto:${e(oneLine(property.email))}" style="color:${MUTED_TEXT};">${
          e(oneLine(property.email))
        }</a>`
        : "",
    ].filter(Boolean).join(" &middot; "),
    ...(model.footerNote ? [e(model.footerNote)] : []),
  ].filter(Boolean).join("<br>");

  // Zero-width fillers keep clients from pulling body text into the preview after the preheader.
  const previewFiller = "&#847;&zwnj;&nbsp;".repeat(40);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${e(model.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE_BACKGROUND};">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${
    e(model.preheader)
  }${previewFiller}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE_BACKGROUND};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td bgcolor="${brand}" style="background-color:${brand};color:${onBrand};padding:20px 24px;font-family:${FONT};font-size:20px;line-height:26px;font-weight:bold;border-radius:8px 8px 0 0;">${
    e(oneLine(property.name))
  }</td></tr>
<tr><td style="padding:24px;font-family:${FONT};font-size:16px;line-height:24px;color:${BODY_TEXT};">
<h1 style="margin:0 0 16px;font-size:22px;line-height:28px;color:#111827;">${e(model.heading)}</h1>
${paragraphs(model.intro)}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 0;font-family:${FONT};font-size:16px;line-height:24px;border-top:1px solid #e5e7eb;">
${factRows}
</table>
${button}
${paragraphs(model.outro)}
</td></tr>
<tr><td style="padding:16px 24px 24px;font-family:${FONT};font-size:13px;line-height:20px;color:${MUTED_TEXT};border-top:1px solid #e5e7eb;">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(property: PropertyInfo, model: EmailModel): string {
  const lines: string[] = [model.heading, ""];
  for (const p of model.intro) lines.push(p, "");
  for (const fact of model.facts) {
    lines.push(`${fact.label}: ${fact.text}`);
    if (fact.link) lines.push(`  ${fact.link.label}: ${fact.link.url}`);
  }
  lines.push("");
  lines.push(`${model.action.label}: ${model.action.url}`);
  if (model.action.hint) lines.push(model.action.hint);
  lines.push("");
  for (const p of model.outro) lines.push(p, "");
  lines.push("--", oneLine(property.name), oneLine(property.address));
  const contact = [oneLine(property.phone), oneLine(property.email)].filter(Boolean).join(" | ");
  if (contact) lines.push(contact);
  if (model.footerNote) lines.push(model.footerNote);
  return lines.join("\n") + "\n";
}
