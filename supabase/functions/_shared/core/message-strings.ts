// The words of the prospect's messages, one file per language (message-strings-en.ts,
// message-strings-es.ts), all of the same shape. Templates (messages.ts) pick the words;
// rendering (email-render.ts) and dates (message-dates.ts) do the rest.
import type { Locale } from "date-fns";
import type { Language } from "./language.ts";
import { en } from "./message-strings-en.ts";
import { es } from "./message-strings-es.ts";

/**
 * date-fns patterns; `{zone}` stands for the zone's short name as it is written in the
 * US ("CST", or "GMT+5:30" where there is none), which a Spanish locale would spell "GMT-6".
 */
export interface DatePatterns {
  /** "Saturday, December 5, 2026 at 2:00 PM CST" */
  full: string;
  fullNoYear: string;
  /** "Sat, Dec 5 at 2:00 PM CST" */
  short: string;
  /** "2:00 PM CST" */
  time: string;
  /** SMS: "Sat Dec 5, 2:00 PM CST" */
  smsWhen: string;
  /** SMS, when room is short: "12/5 2:00PM CST" */
  smsShort: string;
  /** SMS: "2:00 PM CST" */
  smsTime: string;
}

/** What an SMS template is filled with (dates already in GSM-7). */
export interface SmsWords {
  /** The property's name, shortened to fit. */
  n: string;
  when: string;
  short: string;
  time: string;
  url: string;
}

/** Richest first; the leanest must fit one segment with a 1-character name and an 80-character link. */
export type SmsTemplates = ((w: SmsWords) => string)[];

export interface MessageStrings {
  lang: Language;
  /** date-fns locale for day and month names; none for English (date-fns' default). */
  locale?: Locale;
  dates: DatePatterns;
  /** Grammar a pattern cannot express (Spanish "a la 1:00", not "a las 1:00"). */
  fixDate(text: string): string;
  duration(hours: number, minutes: number): string;
  /** The time with its length, e.g. "… 2:00 PM CST (30 minutes)". */
  withDuration(when: string, duration: string): string;
  defaultWhatToBring: string;
  /** The greeting that opens each email: "Hi Maria" / "Hola, Maria". */
  hi(firstName: string): string;
  facts: {
    when: string;
    where: string;
    openMaps: string;
    guide: string;
    whatToBring: string;
    questions: string;
    cancelledTour: string;
    previously: string;
  };
  contact(phone: string, email: string): string;
  manageLabel: string;
  openLink: string;
  confirmation: {
    subject(name: string, short: string): string;
    preheader(fullNoYear: string, address: string): string;
    heading: string;
    intro(hi: string, name: string): string;
    manageHint: string;
    invite: string;
  };
  reminder24h: {
    subject(name: string, short: string): string;
    preheader(fullNoYear: string, bring: string): string;
    heading: string;
    intro(hi: string, name: string, full: string): string;
  };
  reminder1h: {
    subject(name: string, time: string): string;
    preheader(time: string, address: string): string;
    heading: string;
    intro(hi: string, name: string, time: string): string;
  };
  reminderManageHint: string;
  cancelled: {
    subject(name: string, short: string): string;
    preheader(fullNoYear: string): string;
    heading: string;
    intro(hi: string, name: string, full: string, byProperty: boolean): string;
    again: string;
    bookAgain: string;
  };
  rescheduled: {
    subject(name: string, short: string): string;
    preheader(fullNoYear: string): string;
    heading: string;
    intro(hi: string, name: string, full: string): string;
    manageHint: string;
    invite: string;
  };
  /** After a tour the office marked attended: thanks, and the apply link. */
  followUp: {
    subject(name: string): string;
    preheader(name: string): string;
    heading: string;
    intro(hi: string, name: string): string;
    next: string;
    apply: string;
    applyHint: string;
  };
  sms: {
    /** The name used when the property's has no GSM-7 letters at all. */
    fallbackName: string;
    confirmation: SmsTemplates;
    reminder24h: SmsTemplates;
    reminder1h: SmsTemplates;
    cancelled: SmsTemplates;
    rescheduled: SmsTemplates;
  };
  ics: {
    summary(name: string): string;
    description(name: string, manageUrl: string): string;
    alarmDay: string;
    alarmHour: string;
  };
}

const STRINGS: Record<Language, MessageStrings> = { en, es };

export function messageStrings(lang: Language): MessageStrings {
  return STRINGS[lang] ?? en;
}
