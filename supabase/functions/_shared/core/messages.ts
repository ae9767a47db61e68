// What prospects read, by email and SMS, in their language (English or Spanish). Pure
// functions: same input, same text. Times are shown in the property's zone.
//
// The words live in message-strings-en.ts / message-strings-es.ts, the rendering in
// email-render.ts, the dates in message-dates.ts. SMS stays in one GSM-7 segment
// (≤ 160 septets) so it is never split or re-encoded.
import { type Action, type EmailModel, type Fact, renderEmail } from "./email-render.ts";
import { gsm7Septets, isGsm7, toGsm7 } from "./gsm7.ts";
import { DEFAULT_LANGUAGE, type Language } from "./language.ts";
import { describeSmsTime, describeTourTime, formatTourDate, type TourTime } from "./message-dates.ts";
import { checkedUrl, type EmailContent, googleMapsUrl, MessageInputError, oneLine, type PropertyInfo } from "./message-input.ts";
import { type MessageStrings, messageStrings, type SmsTemplates } from "./message-strings.ts";

export { contrastRatio, DEFAULT_BRAND_COLOR, normalizeHexColor, relativeLuminance, textColorOn } from "./email-colors.ts";
export { escapeHtml } from "./html.ts";
export { gsm7Septets, isGsm7, smsSegments, toGsm7 } from "./gsm7.ts";
export { formatFull } from "./message-dates.ts";
export { type EmailContent, googleMapsUrl, MessageInputError, type MessageInputErrorCode, type PropertyInfo } from "./message-input.ts";
export * from "./manager-messages.ts";

// ---------------------------------------------------------------------------
// Inputs

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
  /** The prospect's language; English when absent. */
  lang?: Language;
  /** What to bring; defaults to the language's "a photo ID". */
  whatToBring?: string;
  /** Whether the caller attaches an .ics invitation (mentioned in the text). Default true. */
  calendarInviteAttached?: boolean;
}

export type ReminderKind = "24h" | "1h";

export const DEFAULT_WHAT_TO_BRING = "a photo ID";
export const SMS_MAX_SEPTETS = 160;

// ---------------------------------------------------------------------------
// Prospect emails

interface TourContext {
  s: MessageStrings;
  when: TourTime;
  name: string;
  address: string;
  hi: string;
}

function context(input: TourMessageInput): TourContext {
  const s = messageStrings(input.lang ?? DEFAULT_LANGUAGE);
  const { startUtc, endUtc } = input.tour;
  return {
    s,
    when: describeTourTime(startUtc, endUtc, input.property.timeZone, s),
    name: oneLine(input.property.name),
    address: oneLine(input.property.address),
    hi: s.hi(oneLine(input.tour.prospectFirstName)),
  };
}

function render(input: TourMessageInput, c: TourContext, model: Omit<EmailModel, "lang" | "openLink">): EmailContent {
  return renderEmail(input.property, { lang: c.s.lang, openLink: c.s.openLink, ...model });
}

export function tourConfirmationEmail(input: TourMessageInput): EmailContent {
  const c = context(input);
  const w = c.s.confirmation;
  return render(input, c, {
    subject: w.subject(c.name, c.when.short),
    preheader: w.preheader(c.when.fullNoYear, c.address),
    heading: w.heading,
    intro: [w.intro(c.hi, c.name)],
    facts: tourFacts(input, c),
    action: manageAction(input.manageUrl, c.s, w.manageHint),
    outro: inviteNote(input, w.invite),
  });
}

export function tourReminderEmail(input: TourMessageInput & { kind: ReminderKind }): EmailContent {
  const c = context(input);
  const { when, name } = c;
  const bring = whatToBring(input, c.s);
  return render(input, c, {
    subject: input.kind === "1h" ? c.s.reminder1h.subject(name, when.time) : c.s.reminder24h.subject(name, when.short),
    preheader: input.kind === "1h"
      ? c.s.reminder1h.preheader(when.time, c.address)
      : c.s.reminder24h.preheader(when.fullNoYear, bring),
    heading: input.kind === "1h" ? c.s.reminder1h.heading : c.s.reminder24h.heading,
    intro: [input.kind === "1h" ? c.s.reminder1h.intro(c.hi, name, when.time) : c.s.reminder24h.intro(c.hi, name, when.full)],
    facts: tourFacts(input, c),
    action: manageAction(input.manageUrl, c.s, c.s.reminderManageHint),
    outro: [],
  });
}

export function tourCancelledEmail(
  input: TourMessageInput & { cancelledBy?: "prospect" | "property"; bookAgainUrl?: string; officeMessage?: string },
): EmailContent {
  const c = context(input);
  const w = c.s.cancelled;
  return render(input, c, {
    subject: w.subject(c.name, c.when.short),
    preheader: w.preheader(c.when.fullNoYear),
    heading: w.heading,
    intro: [
      w.intro(c.hi, c.name, c.when.full, input.cancelledBy === "property"),
      ...(input.officeMessage?.trim() ? [input.officeMessage.trim()] : []),
      w.again,
    ],
    facts: [
      { label: c.s.facts.cancelledTour, text: c.when.full },
      ...addressFact(c),
      ...contactFacts(input.property, c.s),
    ],
    action: { label: w.bookAgain, url: checkedUrl(input.bookAgainUrl ?? input.manageUrl) },
    outro: [],
  });
}

export function tourRescheduledEmail(input: TourMessageInput & { previousStartUtc: Date }): EmailContent {
  const c = context(input);
  const w = c.s.rescheduled;
  const before = formatTourDate(input.previousStartUtc, input.property.timeZone, c.s, "full");
  return render(input, c, {
    subject: w.subject(c.name, c.when.short),
    preheader: w.preheader(c.when.fullNoYear),
    heading: w.heading,
    intro: [w.intro(c.hi, c.name, c.when.full)],
    facts: [{ label: c.s.facts.previously, text: before }, ...tourFacts(input, c)],
    action: manageAction(input.manageUrl, c.s, w.manageHint),
    outro: inviteNote(input, w.invite),
  });
}

/** After a tour the office marked attended: thanks, and a button to the property's application. */
export function tourFollowUpEmail(input: Omit<TourMessageInput, "manageUrl"> & { applyUrl: string }): EmailContent {
  const c = context({ ...input, manageUrl: input.applyUrl });
  const w = c.s.followUp;
  return render({ ...input, manageUrl: input.applyUrl }, c, {
    subject: w.subject(c.name),
    preheader: w.preheader(c.name),
    heading: w.heading,
    intro: [w.intro(c.hi, c.name), w.next],
    facts: contactFacts(input.property, c.s),
    action: { label: w.apply, url: checkedUrl(input.applyUrl), hint: w.applyHint },
    outro: [],
  });
}

// ---------------------------------------------------------------------------
// Facts shared by the tour emails

function tourFacts(input: TourMessageInput, c: TourContext): Fact[] {
  const agent = oneLine(input.tour.agentName);
  const { when, s } = c;
  return [
    { label: s.facts.when, text: when.duration ? s.withDuration(when.full, when.duration) : when.full },
    ...addressFact(c),
    ...(agent ? [{ label: s.facts.guide, text: agent }] : []),
    { label: s.facts.whatToBring, text: whatToBring(input, s) },
    ...contactFacts(input.property, s),
  ];
}

/** The address with its map link; nothing at all for a property without an address. */
function addressFact(c: TourContext): Fact[] {
  if (!c.address) return [];
  return [{ label: c.s.facts.where, text: c.address, link: { label: c.s.facts.openMaps, url: googleMapsUrl(c.address) } }];
}

function contactFacts(property: PropertyInfo, s: MessageStrings): Fact[] {
  const text = s.contact(oneLine(property.phone), oneLine(property.email));
  return text ? [{ label: s.facts.questions, text }] : [];
}

function whatToBring(input: TourMessageInput, s: MessageStrings): string {
  return oneLine(input.whatToBring) || s.defaultWhatToBring;
}

function manageAction(url: string, s: MessageStrings, hint: string): Action {
  return { label: s.manageLabel, url: checkedUrl(url), hint };
}

function inviteNote(input: TourMessageInput, sentence: string): string[] {
  return input.calendarInviteAttached === false ? [] : [sentence];
}

// ---------------------------------------------------------------------------
// SMS (one GSM-7 segment)

type SmsKind = "confirmation" | "reminder24h" | "reminder1h" | "cancelled" | "rescheduled";

function sms(input: TourMessageInput, kind: SmsKind, url = input.manageUrl): string {
  const s = messageStrings(input.lang ?? DEFAULT_LANGUAGE);
  const time = describeSmsTime(input.tour.startUtc, input.property.timeZone, s);
  const link = smsUrl(url);
  return fitSms(input.property.name, s.sms.fallbackName, s.sms[kind], (n) => ({ n, ...time, url: link }));
}

export function tourConfirmationSms(input: TourMessageInput): string {
  return sms(input, "confirmation");
}

/** Says it is a reminder, in every form it can take (so it never reads as the confirmation again). */
export function tourReminderSms(input: TourMessageInput & { kind: ReminderKind }): string {
  return sms(input, input.kind === "1h" ? "reminder1h" : "reminder24h");
}

export function tourCancelledSms(input: TourMessageInput & { bookAgainUrl?: string }): string {
  return sms(input, "cancelled", input.bookAgainUrl ?? input.manageUrl);
}

export function tourRescheduledSms(input: TourMessageInput): string {
  return sms(input, "rescheduled");
}

// Shortest name worth keeping before falling back to a leaner template.
const MIN_SMS_NAME = 12;

/**
 * Tries each template (richest first) and shortens the property name to whatever room is
 * left, so the text always fits one segment. Throws only if even the leanest template
 * without a name is too long (a manage link far beyond the ~60 characters we plan for).
 */
function fitSms(
  propertyName: string,
  fallbackName: string,
  templates: SmsTemplates,
  words: (name: string) => Parameters<SmsTemplates[number]>[0],
): string {
  const name = toGsm7(oneLine(propertyName)) || fallbackName;
  for (const [index, template] of templates.entries()) {
    const room = SMS_MAX_SEPTETS - (gsm7Septets(template(words(""))) ?? Infinity);
    const last = index === templates.length - 1;
    if (room >= Math.min(MIN_SMS_NAME, gsm7Septets(name)!) || (last && room >= 1)) {
      const text = template(words(shortenToSeptets(name, room)));
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

/** A link safe for GSM-7: anything outside the alphabet is percent-encoded. */
function smsUrl(url: string): string {
  const href = checkedUrl(url);
  return [...href].map((ch) => (isGsm7(ch) ? ch : encodeURIComponent(ch))).join("");
}
