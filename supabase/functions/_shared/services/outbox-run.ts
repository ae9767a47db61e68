// What every outbox step shares: the claimed row, one run's context (dependencies,
// senders, the batch's bookings and properties loaded once), what a step answers, and
// the loaders the steps read the booking and the property through.
import { withJobs } from "../adapters/db.ts";
import type { OutboxPayload } from "../contracts/outbox.ts";
import type { PropertyInfo } from "../core/messages.ts";
import type { BookingFacts, PropertyFacts } from "../core/outbox-messages.ts";
import type { ProspectTour } from "../core/prospect-tour.ts";
import type { Deps } from "./deps.ts";
import type { Senders } from "./senders.ts";
import type { WebhookDelivery } from "./outbox-webhook.ts";

export interface OutboxRow {
  /** bigint in the table; text here so it survives JSON. */
  id: string;
  property_id: string;
  kind: keyof typeof OutboxPayload;
  payload: Record<string, unknown>;
  dedupe_key: string;
  /** Counting this attempt: the claim adds one, so it also tells this claim from a later one. */
  attempts: number;
  created_at: Date;
}

export interface BookingRow {
  id: string;
  property_id: string;
  agent_calendar_id: string | null;
  status: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  special_requests: string | null;
  sms_consent: boolean;
  start_at: Date;
  end_at: Date;
  previous_start_at: Date | null;
  created_at: Date;
  reminder_24h_sent_at: Date | null;
  reminder_1h_sent_at: Date | null;
  language: string | null;
  cancelled_by: string | null;
  cancellation_message: string | null;
}

export interface PropertyRow {
  id: string;
  name: string;
  time_zone: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  manager_email: string | null;
  site_url: string | null;
  admin_url: string | null;
  brand_color: string;
  default_language: string;
  follow_up_email: boolean;
  apply_url: string | null;
}

export interface Run {
  d: Deps;
  senders: Senders;
  random: () => number;
  properties: Map<string, PropertyRow>;
  bookings: Map<string, BookingRow>;
  /** How webhooks are sent (default: from the environment). */
  webhooks?: WebhookDelivery;
  /** Each webhook endpoint read (and its secret decrypted, its name resolved) once per run. */
  webhookTargets?: Map<string, Promise<unknown>>;
}

/** What a step did. */
export interface EffectResult {
  /** Why nothing was done, when nothing was. */
  skipped?: string;
  /** The provider's id for the message that went out. */
  providerMessageId?: string;
  /** Worth keeping on the row although it went well (how the outcome was learnt). */
  note?: string;
  /** The HTTP status the receiver answered (webhooks), kept for the delivery log. */
  responseStatus?: number;
}

/** A failure that will not clear by trying again. */
export class PermanentError extends Error {}

/** Another dispatcher claimed the row after this one's lease ran out: leave the row to it. */
export class LeaseLostError extends Error {}

export const BOOKING_COLUMNS = `id, property_id, agent_calendar_id, status, first_name, last_name, email, phone, special_requests,
  sms_consent, start_at, end_at, previous_start_at, created_at, reminder_24h_sent_at, reminder_1h_sent_at, language,
  cancelled_by, cancellation_message`;
export const PROPERTY_COLUMNS =
  "id, name, time_zone, address, phone, email, manager_email, site_url, admin_url, brand_color, default_language, follow_up_email, apply_url";

export function bookingFor(run: Run, row: OutboxRow, bookingId: string): BookingRow {
  const booking = run.bookings.get(bookingId);
  if (!booking || booking.property_id !== row.property_id) throw new PermanentError(`booking ${bookingId} not found`);
  return booking;
}

export async function reloadBooking(run: Run, row: OutboxRow, bookingId: string): Promise<BookingRow> {
  const [booking] = await withJobs((tx) =>
    tx.unsafe<BookingRow[]>(`select ${BOOKING_COLUMNS} from public.tour_bookings where id = $1`, [bookingId]), run.d.sql);
  if (booking) run.bookings.set(booking.id, booking);
  return bookingFor(run, row, bookingId);
}

export function propertyFor(run: Run, row: OutboxRow): PropertyRow {
  const property = run.properties.get(row.property_id);
  if (!property) throw new PermanentError(`property ${row.property_id} not found`);
  return property;
}

/** The prospect and the tour's times, from a booking's columns. */
export function prospectTour(
  b: Pick<BookingRow, "first_name" | "last_name" | "email" | "phone" | "special_requests" | "start_at" | "end_at" | "previous_start_at">,
): ProspectTour {
  return {
    firstName: b.first_name,
    lastName: b.last_name,
    email: b.email,
    phone: b.phone,
    specialRequests: b.special_requests,
    startAt: b.start_at,
    endAt: b.end_at,
    previousStartAt: b.previous_start_at,
  };
}

export function bookingFacts(b: BookingRow): BookingFacts {
  return {
    id: b.id,
    ...prospectTour(b),
    createdAt: b.created_at,
    language: b.language,
    cancelledBy: b.cancelled_by,
    cancellationMessage: b.cancellation_message,
  };
}

export function propertyFacts(p: PropertyRow): PropertyFacts {
  return {
    name: p.name,
    brandColor: p.brand_color,
    timeZone: p.time_zone,
    address: p.address,
    phone: p.phone,
    email: p.email,
    defaultLanguage: p.default_language,
    applyUrl: p.apply_url,
  };
}

export function propertyInfo(p: PropertyRow): PropertyInfo {
  return { name: p.name, brandColor: p.brand_color, timeZone: p.time_zone, address: p.address ?? "", phone: p.phone ?? "", email: p.email ?? "" };
}
