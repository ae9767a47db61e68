// A property as the scheduling code needs it.
import type { Tx } from "../adapters/db.ts";
import { type Language, languageOf } from "../core/language.ts";
import type { DateException, OpeningHours, SchedulingRules, Weekday } from "../core/slots.ts";

export interface Property {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  managerEmail: string | null;
  siteUrl: string | null;
  adminUrl: string | null;
  brandColor: string;
  /** Prospect messages and the manage page use it when a booking has no language. */
  defaultLanguage: Language;
  greeting: string;
  smsConsentText: string;
  leasingQuestions: { moveInDate: boolean; bedrooms: boolean; pets: boolean };
  faqs: Array<{ id: string; question: string; answer: string; keywords: string[] }>;
  rules: SchedulingRules;
}

export async function loadProperty(tx: Tx, propertyId: string): Promise<Property> {
  const [p] = await tx`select * from public.properties where id = ${propertyId}`;
  if (!p) throw new Error(`property ${propertyId} not found`);
  const weekly = p.weekly_hours as Record<string, OpeningHours[]>;
  return {
    id: p.id,
    name: p.name,
    timeZone: p.time_zone,
    address: p.address,
    phone: p.phone,
    email: p.email,
    managerEmail: p.manager_email,
    siteUrl: p.site_url,
    adminUrl: p.admin_url,
    brandColor: p.brand_color,
    defaultLanguage: languageOf(p.default_language),
    greeting: p.greeting,
    smsConsentText: p.sms_consent_text,
    leasingQuestions: p.leasing_questions,
    faqs: p.faqs,
    rules: {
      timeZone: p.time_zone,
      weeklyHours: Object.fromEntries(
        ([0, 1, 2, 3, 4, 5, 6] as Weekday[]).map((d) => [d, weekly[String(d)] ?? []]),
      ) as Record<Weekday, OpeningHours[]>,
      exceptions: p.date_exceptions as DateException[],
      tourMinutes: p.tour_minutes,
      slotIntervalMinutes: p.slot_interval_minutes,
      bufferBeforeMinutes: p.buffer_before_minutes,
      bufferAfterMinutes: p.buffer_after_minutes,
      minNoticeMinutes: p.min_notice_minutes,
      bookingWindowDays: p.booking_window_days,
    },
  };
}

/** The range a tour blocks for its agent: the tour plus the property's buffers. */
export function blockedRange(rules: SchedulingRules, start: Date, end: Date): [Date, Date] {
  return [
    new Date(start.getTime() - rules.bufferBeforeMinutes * 60_000),
    new Date(end.getTime() + rules.bufferAfterMinutes * 60_000),
  ];
}
