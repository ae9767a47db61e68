// The outbox dispatcher: claims due rows (as lumaleasing_jobs, FOR UPDATE SKIP LOCKED, a
// lease in locked_until), performs each side effect, then marks it done, schedules a
// retry with backoff, or — after MAX_ATTEMPTS or an error that cannot clear — marks it
// dead and queues one alert for the property manager. Safe to run in parallel and again
// after a crash: a claimed row comes back when its lease runs out, emails carry the
// dedupe key as the provider's idempotency key, Google events have client-chosen ids.
// Every time comes from the clock, so tests can move it.
import { z } from "zod";
import { type Tx, withJobs } from "../adapters/db.ts";
import { DeliveryError } from "../adapters/delivery-error.ts";
import { type EmailSender, emailSenderFromEnv } from "../adapters/email.ts";
import { cancelTourEvent, eventIdForBooking, GoogleError, upsertTourEvent } from "../adapters/google.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { type SmsSender, smsSenderFromEnv } from "../adapters/sms.ts";
import { OutboxPayload } from "../contracts/outbox.ts";
import { IcsInputError } from "../core/ics.ts";
import { manageToken, manageUrl } from "../core/manage-link.ts";
import {
  calendarReconnectAlertEmail,
  type CalendarConnectionStatus,
  type DeadOutboxItem,
  formatFull,
  MessageInputError,
  outboxDeadAlertEmail,
  type PropertyInfo,
} from "../core/messages.ts";
import {
  type BookingFacts,
  type PropertyFacts,
  prospectEmail,
  prospectSms,
  type ProspectTemplate,
  reminderKindOf,
  startInDedupeKey,
  tourEventDescription,
  tourEventSummary,
} from "../core/outbox-messages.ts";
import { retryDelayMs, verdictFor } from "../core/outbox-policy.ts";
import { dropBusyCache } from "./busy-cache.ts";
import { CalendarUnavailableError, withCalendarToken } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";

/** How long a claimed row is ours before another dispatcher may take it again. */
export const LEASE_MS = 2 * 60_000;
const ALERT_INTERVAL_MS = 24 * 60 * 60_000;

export interface Senders {
  email: EmailSender;
  sms: SmsSender;
  /** The From address, used as the .ics organizer when a property has no email. */
  fromAddress: string;
}

let envSenders: Senders | undefined;

/** Resend and Twilio from the function's secrets (the catcher on the local stack). */
export function sendersFromEnv(): Senders {
  if (envSenders) return envSenders;
  const from = Deno.env.get("EMAIL_FROM") ?? "";
  envSenders = {
    email: emailSenderFromEnv(),
    sms: smsSenderFromEnv(),
    fromAddress: /<([^>]+)>/.exec(from)?.[1] ?? from.trim(),
  };
  return envSenders;
}

export interface DispatchOptions {
  /** The most rows one run handles (default 5,000). */
  limit?: number;
  /** Only this property's rows. */
  propertyId?: string;
  senders?: Senders;
  /** Side effects in flight at once (default 8). */
  concurrency?: number;
  /** Stop claiming new rows after this much wall time (default 40 s; pg_net gives up at 55 s). */
  budgetMs?: number;
  random?: () => number;
}

export interface DispatchSummary {
  claimed: number;
  /** Finished, including `skipped`. */
  done: number;
  /** Finished without doing anything (e.g. the booking was cancelled first). */
  skipped: number;
  retried: number;
  dead: number;
}

interface OutboxRow {
  /** bigint in the table; text here so it survives JSON. */
  id: string;
  property_id: string;
  kind: keyof typeof OutboxPayload;
  payload: Record<string, unknown>;
  dedupe_key: string;
  attempts: number;
  created_at: Date;
}

interface BookingRow {
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
}

interface PropertyRow {
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
}

/** A failure that will not clear by trying again. */
export class PermanentError extends Error {}

interface EffectResult {
  /** Why nothing was done, when nothing was. */
  skipped?: string;
}

interface Run {
  d: Deps;
  senders: Senders;
  random: () => number;
  properties: Map<string, PropertyRow>;
  bookings: Map<string, BookingRow>;
}

const BOOKING_COLUMNS = `id, property_id, agent_calendar_id, status, first_name, last_name, email, phone, special_requests,
  sms_consent, start_at, end_at, previous_start_at, created_at, reminder_24h_sent_at, reminder_1h_sent_at`;
const PROPERTY_COLUMNS = "id, name, time_zone, address, phone, email, manager_email, site_url, admin_url, brand_color";

export async function dispatchOutbox(d: Deps, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  const limit = opts.limit ?? 5000;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const budgetMs = opts.budgetMs ?? 40_000;
  const started = Date.now(); // wall time: the budget is about the HTTP call, not the business clock
  const summary: DispatchSummary = { claimed: 0, done: 0, skipped: 0, retried: 0, dead: 0 };
  const run: Run = {
    d,
    senders: opts.senders ?? sendersFromEnv(),
    random: opts.random ?? Math.random,
    properties: new Map(),
    bookings: new Map(),
  };
  while (summary.claimed < limit && Date.now() - started < budgetMs) {
    const batch = await claim(d, Math.min(concurrency * 4, limit - summary.claimed), opts.propertyId);
    if (!batch.length) break;
    summary.claimed += batch.length;
    await prefetch(run, batch);
    await inPool(batch, concurrency, async (row) => {
      const outcome = await processRow(run, row);
      summary[outcome]++;
      if (outcome === "skipped") summary.done++;
    });
  }
  return summary;
}

async function claim(d: Deps, n: number, propertyId: string | undefined): Promise<OutboxRow[]> {
  const now = d.clock.now();
  return await withJobs((tx) =>
    tx<OutboxRow[]>`update public.outbox o set locked_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = o.attempts + 1
      where o.id in (
        select id from public.outbox
        where status = 'pending' and next_attempt_at <= ${now} and (locked_until is null or locked_until < ${now})
          ${propertyId ? tx`and property_id = ${propertyId}` : tx``}
        order by next_attempt_at, id
        limit ${n}
        for update skip locked)
      returning o.id::text as id, o.property_id, o.kind, o.payload, o.dedupe_key, o.attempts, o.created_at`, d.sql);
}

/** One query for the batch's bookings and properties instead of one per row. */
async function prefetch(run: Run, batch: OutboxRow[]) {
  const bookingIds = [...new Set(batch.map((r) => r.payload.bookingId).filter((id): id is string => typeof id === "string"))];
  const propertyIds = [...new Set(batch.map((r) => r.property_id))].filter((id) => !run.properties.has(id));
  await withJobs(async (tx) => {
    if (bookingIds.length) {
      const rows = await tx.unsafe<BookingRow[]>(`select ${BOOKING_COLUMNS} from public.tour_bookings where id = any($1::uuid[])`, [bookingIds]);
      for (const b of rows) run.bookings.set(b.id, b);
    }
    if (propertyIds.length) {
      const rows = await tx.unsafe<PropertyRow[]>(`select ${PROPERTY_COLUMNS} from public.properties where id = any($1::uuid[])`, [propertyIds]);
      for (const p of rows) run.properties.set(p.id, p);
    }
  }, run.d.sql);
}

async function inPool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

type Outcome = "done" | "skipped" | "retried" | "dead";

async function processRow(run: Run, row: OutboxRow): Promise<Outcome> {
  let result: EffectResult;
  try {
    result = await runEffect(run, row);
  } catch (err) {
    const failure = describeFailure(err);
    try {
      if (verdictFor(failure.retryable, row.attempts) === "retry") {
        await markRetry(run, row, failure);
        return "retried";
      }
      await markDead(run, row, failure.reason);
      return "dead";
    } catch (markErr) {
      // The lease runs out and the row is tried again.
      console.error(`outbox ${row.id}: could not record the failure:`, markErr);
      return "retried";
    }
  }
  try {
    await markDone(run, row, result.skipped ?? null);
  } catch (err) {
    console.error(`outbox ${row.id}: done but not recorded (will be retried):`, err);
    return "retried";
  }
  return result.skipped ? "skipped" : "done";
}

interface Failure {
  retryable: boolean;
  reason: string;
  retryAfterMs: number | null;
}

function describeFailure(err: unknown): Failure {
  if (err instanceof DeliveryError) {
    return { retryable: err.retryable, reason: err.message.slice(0, 500), retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof GoogleError) {
    return { retryable: err.retryable, reason: `Google ${err.status || "network"} ${err.reason}: ${err.message}`.slice(0, 500), retryAfterMs: null };
  }
  if (err instanceof CalendarUnavailableError) {
    // Comes back when the manager reconnects; they have been alerted.
    return { retryable: true, reason: `calendar ${err.status}: reconnect it in the settings`, retryAfterMs: null };
  }
  if (err instanceof PermanentError || err instanceof MessageInputError || err instanceof IcsInputError || err instanceof z.ZodError) {
    return { retryable: false, reason: String(err instanceof Error ? err.message : err).slice(0, 500), retryAfterMs: null };
  }
  return { retryable: true, reason: String(err instanceof Error ? err.message : err).slice(0, 500), retryAfterMs: null };
}

async function markDone(run: Run, row: OutboxRow, note: string | null) {
  const now = run.d.clock.now();
  await withJobs((tx) =>
    tx`update public.outbox set status = 'done', done_at = ${now}, locked_until = null, last_error = ${note}
      where id = ${row.id}::bigint and status = 'pending'`, run.d.sql);
}

async function markRetry(run: Run, row: OutboxRow, failure: Failure) {
  const now = run.d.clock.now();
  const next = new Date(now.getTime() + retryDelayMs(row.attempts, run.random, failure.retryAfterMs));
  await withJobs((tx) =>
    tx`update public.outbox set next_attempt_at = ${next}, locked_until = null, last_error = ${failure.reason}
      where id = ${row.id}::bigint and status = 'pending'`, run.d.sql);
}

/** Dead: recorded with its reason, and the manager told once (alerts themselves never alert). */
async function markDead(run: Run, row: OutboxRow, reason: string) {
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    const [dead] = await tx`update public.outbox set status = 'dead', done_at = ${now}, locked_until = null, last_error = ${reason}
      where id = ${row.id}::bigint and status = 'pending' returning id`;
    if (!dead || row.kind === "manager_alert") return;
    await enqueue(tx, row.property_id, [{
      kind: "manager_alert",
      payload: { type: "outbox_dead", outboxId: Number(row.id), kind: row.kind, error: reason },
      dedupeKey: `alert:outbox-dead:${row.id}`,
    }], now);
  }, run.d.sql);
}

async function runEffect(run: Run, row: OutboxRow): Promise<EffectResult> {
  switch (row.kind) {
    case "email":
      return await sendProspectMessage(run, row, "email", OutboxPayload.email.parse(row.payload));
    case "sms":
      return await sendProspectMessage(run, row, "sms", OutboxPayload.sms.parse(row.payload));
    case "google_event_upsert":
      return await writeTourEvent(run, row, OutboxPayload.google_event_upsert.parse(row.payload).bookingId);
    case "google_event_cancel":
      return await removeTourEvent(run, row, OutboxPayload.google_event_cancel.parse(row.payload).bookingId);
    case "manager_alert": {
      const alert = OutboxPayload.manager_alert.parse(row.payload);
      return alert.type === "calendar_reconnect"
        ? await sendReconnectAlert(run, row, alert.calendarId)
        : await sendDeadAlert(run, row);
    }
    default:
      throw new PermanentError(`unknown outbox kind ${row.kind}`);
  }
}

// ---------------------------------------------------------------------------- loading

function bookingFor(run: Run, row: OutboxRow, bookingId: string): BookingRow {
  const booking = run.bookings.get(bookingId);
  if (!booking || booking.property_id !== row.property_id) throw new PermanentError(`booking ${bookingId} not found`);
  return booking;
}

async function reloadBooking(run: Run, row: OutboxRow, bookingId: string): Promise<BookingRow> {
  const [booking] = await withJobs((tx) =>
    tx.unsafe<BookingRow[]>(`select ${BOOKING_COLUMNS} from public.tour_bookings where id = $1`, [bookingId]), run.d.sql);
  if (booking) run.bookings.set(booking.id, booking);
  return bookingFor(run, row, bookingId);
}

function propertyFor(run: Run, row: OutboxRow): PropertyRow {
  const property = run.properties.get(row.property_id);
  if (!property) throw new PermanentError(`property ${row.property_id} not found`);
  return property;
}

function bookingFacts(b: BookingRow): BookingFacts {
  return {
    id: b.id,
    firstName: b.first_name,
    lastName: b.last_name,
    email: b.email,
    phone: b.phone,
    specialRequests: b.special_requests,
    startAt: b.start_at,
    endAt: b.end_at,
    previousStartAt: b.previous_start_at,
    createdAt: b.created_at,
  };
}

function propertyFacts(p: PropertyRow): PropertyFacts {
  return { name: p.name, brandColor: p.brand_color, timeZone: p.time_zone, address: p.address, phone: p.phone, email: p.email };
}

function propertyInfo(p: PropertyRow): PropertyInfo {
  return { name: p.name, brandColor: p.brand_color, timeZone: p.time_zone, address: p.address ?? "", phone: p.phone ?? "", email: p.email ?? "" };
}

// ---------------------------------------------------------------------------- prospect email and SMS

/** Why a message about this booking should not go out (any more), or null. */
export function staleReason(
  template: ProspectTemplate,
  booking: Pick<BookingRow, "status" | "start_at" | "reminder_24h_sent_at" | "reminder_1h_sent_at">,
  dedupeKey: string,
  now: Date,
): string | null {
  if (template === "tour_cancelled") return booking.status === "cancelled" ? null : `the booking is ${booking.status}`;
  if (booking.status !== "confirmed") return `the booking is ${booking.status}`;
  const queuedFor = startInDedupeKey(dedupeKey);
  if (queuedFor !== null && queuedFor !== booking.start_at.getTime()) return "the tour moved after this was queued";
  const reminder = reminderKindOf(template);
  if (reminder) {
    if (now.getTime() >= booking.start_at.getTime()) return "the tour has already started";
    const claimed = reminder === "24h" ? booking.reminder_24h_sent_at : booking.reminder_1h_sent_at;
    if (!claimed) return "the reminder was reset when the tour moved";
  }
  return null;
}

async function sendProspectMessage(
  run: Run,
  row: OutboxRow,
  channel: "email" | "sms",
  payload: { bookingId: string; template: ProspectTemplate },
): Promise<EffectResult> {
  const booking = bookingFor(run, row, payload.bookingId);
  const property = propertyFor(run, row);
  const now = run.d.clock.now();
  const stale = staleReason(payload.template, booking, row.dedupe_key, now);
  if (stale) return { skipped: stale };
  if (channel === "sms" && (!booking.sms_consent || !booking.phone)) return { skipped: "no SMS consent or no phone" };

  const token = await manageToken(booking.id, run.d.stateSecret);
  const input = {
    booking: bookingFacts(booking),
    property: propertyFacts(property),
    manageUrl: manageUrl(property.site_url, token, run.d.functionsUrl),
    fallbackOrganizerEmail: run.senders.fromAddress,
    queuedAt: row.created_at,
  };
  if (channel === "sms") {
    await run.senders.sms.send({ to: booking.phone!, body: prospectSms(payload.template, input) });
    return {};
  }
  const email = prospectEmail(payload.template, input);
  try {
    await run.senders.email.send({
      to: booking.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments,
      idempotencyKey: row.dedupe_key,
    });
  } catch (err) {
    // The key was used with other content: an earlier attempt went out before the booking changed.
    if (err instanceof DeliveryError && err.reason === "invalid_idempotent_request") return { skipped: "already sent under this key" };
    throw err;
  }
  return {};
}

// ---------------------------------------------------------------------------- Google Calendar

interface CalendarRow {
  id: string;
  property_id: string;
  calendar_id: string;
  token_status: string;
  disconnected_at: Date | null;
  display_name: string | null;
  account_email: string;
  last_alert_at: Date | null;
}

async function loadCalendar(run: Run, id: string): Promise<CalendarRow | undefined> {
  const [cal] = await withJobs((tx) =>
    tx<CalendarRow[]>`select id, property_id, calendar_id, token_status, disconnected_at, display_name, account_email, last_alert_at
      from public.agent_calendars where id = ${id}`, run.d.sql);
  return cal;
}

async function writeTourEvent(run: Run, row: OutboxRow, bookingId: string): Promise<EffectResult> {
  const booking = await reloadBooking(run, row, bookingId);
  const property = propertyFor(run, row);
  if (booking.status !== "confirmed") return { skipped: `the booking is ${booking.status}` };
  if (!booking.agent_calendar_id) return { skipped: "the booking has no agent calendar" };
  const queuedFor = startInDedupeKey(row.dedupe_key);
  if (queuedFor !== null && queuedFor !== booking.start_at.getTime()) return { skipped: "superseded by a later move" };
  const cal = await loadCalendar(run, booking.agent_calendar_id);
  if (!cal || cal.disconnected_at) throw new PermanentError("the agent's calendar is disconnected");

  const [previous] = await withJobs((tx) =>
    tx<{ agent_calendar_id: string; google_event_id: string }[]>`select agent_calendar_id, google_event_id
      from public.calendar_events where booking_id = ${booking.id}`, run.d.sql);
  if (previous && previous.agent_calendar_id !== cal.id) {
    // The tour moved to another agent: take it out of the first agent's calendar.
    await cancelInCalendar(run, row.property_id, previous.agent_calendar_id, previous.google_event_id).catch((err) =>
      console.error(`outbox ${row.id}: could not remove the old event:`, err)
    );
  }

  const facts = bookingFacts(booking);
  const ref = { propertyId: row.property_id, calendarId: cal.id };
  const event = await withCalendarToken(run.d.tokens, ref, (token) =>
    upsertTourEvent(run.d.google, token, cal.calendar_id, {
      id: eventIdForBooking(booking.id),
      summary: tourEventSummary(property.name),
      description: tourEventDescription(facts),
      location: property.address ?? undefined,
      start: booking.start_at,
      end: booking.end_at,
      timeZone: property.time_zone,
      attendee: { email: booking.email, displayName: `${booking.first_name} ${booking.last_name}`.trim() },
      bookingId: booking.id,
    }));
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    await tx`insert into public.calendar_events (property_id, booking_id, agent_calendar_id, google_event_id, html_link, etag, status, synced_at)
      values (${row.property_id}, ${booking.id}, ${cal.id}, ${event.id}, ${event.htmlLink ?? null}, ${event.etag ?? null}, 'confirmed', ${now})
      on conflict (booking_id) do update set agent_calendar_id = excluded.agent_calendar_id,
        google_event_id = excluded.google_event_id, html_link = excluded.html_link, etag = excluded.etag,
        status = 'confirmed', synced_at = excluded.synced_at`;
    await dropBusyCache(tx, row.property_id); // Google's free/busy now shows the tour
  }, run.d.sql);
  return {};
}

async function cancelInCalendar(run: Run, propertyId: string, calendarRowId: string, eventId: string): Promise<boolean> {
  const cal = await loadCalendar(run, calendarRowId);
  if (!cal || cal.disconnected_at) return false;
  await withCalendarToken(run.d.tokens, { propertyId, calendarId: cal.id }, (token) =>
    cancelTourEvent(run.d.google, token, cal.calendar_id, eventId));
  return true;
}

async function removeTourEvent(run: Run, row: OutboxRow, bookingId: string): Promise<EffectResult> {
  const booking = await reloadBooking(run, row, bookingId);
  if (booking.status === "confirmed") return { skipped: "the booking is confirmed" };
  const [known] = await withJobs((tx) =>
    tx<{ agent_calendar_id: string; google_event_id: string }[]>`select agent_calendar_id, google_event_id
      from public.calendar_events where booking_id = ${booking.id}`, run.d.sql);
  const calendarRowId = known?.agent_calendar_id ?? booking.agent_calendar_id;
  if (!calendarRowId) return { skipped: "the booking has no agent calendar" };
  const removed = await cancelInCalendar(run, row.property_id, calendarRowId, known?.google_event_id ?? eventIdForBooking(booking.id));
  if (!removed) return { skipped: "the agent's calendar is disconnected" };
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    await tx`update public.calendar_events set status = 'cancelled', synced_at = ${now} where booking_id = ${booking.id}`;
    await dropBusyCache(tx, row.property_id); // the tour's time is free at Google again
  }, run.d.sql);
  return {};
}

// ---------------------------------------------------------------------------- manager alerts

function settingsLink(run: Run, p: PropertyRow): string {
  return p.admin_url ?? p.site_url ?? run.d.functionsUrl;
}

/** At most one re-connect email per calendar per 24 h, whoever queued it; the row lock serializes senders. */
async function sendReconnectAlert(run: Run, row: OutboxRow, calendarId: string): Promise<EffectResult> {
  const property = propertyFor(run, row);
  return await withJobs(async (tx) => {
    const [cal] = await tx<CalendarRow[]>`select id, property_id, calendar_id, token_status, disconnected_at, display_name,
        account_email, last_alert_at
      from public.agent_calendars where id = ${calendarId} and property_id = ${row.property_id} for update`;
    const now = run.d.clock.now();
    if (!cal || cal.disconnected_at) return { skipped: "the calendar was disconnected" };
    if (cal.token_status === "healthy") return { skipped: "the calendar is healthy again" };
    if (cal.last_alert_at && now.getTime() - cal.last_alert_at.getTime() < ALERT_INTERVAL_MS) {
      return { skipped: "the manager was alerted within 24 h" };
    }
    if (!property.manager_email) return { skipped: "the property has no manager email" };
    const [{ upcoming }] = await tx<{ upcoming: number }[]>`select count(*)::int as upcoming from public.tour_bookings
      where agent_calendar_id = ${cal.id} and status = 'confirmed' and start_at > ${now}`;
    const status: CalendarConnectionStatus = ["expiring", "expired", "revoked"].includes(cal.token_status)
      ? cal.token_status as CalendarConnectionStatus
      : "error";
    const email = calendarReconnectAlertEmail({
      property: propertyInfo(property),
      calendar: { accountEmail: cal.account_email, agentName: cal.display_name ?? undefined },
      status,
      settingsUrl: settingsLink(run, property),
      checkedAt: now,
      upcomingTourCount: upcoming,
    });
    await run.senders.email.send({
      to: property.manager_email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: row.dedupe_key,
    });
    await tx`update public.agent_calendars set last_alert_at = ${now} where id = ${cal.id}`;
    return {};
  }, run.d.sql);
}

const KIND_LABELS: Record<string, string> = {
  google_event_upsert: "Google Calendar event",
  google_event_cancel: "Google Calendar cancellation",
  email: "Email",
  sms: "Text message",
};

const TEMPLATE_LABELS: Record<string, string> = {
  tour_confirmation: "confirmation",
  tour_reminder_24h: "24-hour reminder",
  tour_reminder_1h: "1-hour reminder",
  tour_cancelled: "cancellation",
  tour_rescheduled: "new time",
};

/**
 * One email for every dead row of the property whose alert is still queued: the other
 * queued alerts (even ones another worker holds) are folded into this one, and rolled
 * back with it if the send fails.
 */
async function sendDeadAlert(run: Run, row: OutboxRow): Promise<EffectResult> {
  const property = propertyFor(run, row);
  if (!property.manager_email) return { skipped: "the property has no manager email" };
  return await withJobs(async (tx) => {
    // One property's dead-row alerts go out one at a time; each takes all still queued.
    await tx`select pg_advisory_xact_lock(hashtext(${`outbox-dead-alert:${row.property_id}`}))`;
    const [own] = await tx<{ status: string }[]>`select status from public.outbox where id = ${row.id}::bigint`;
    if (own?.status !== "pending") return { skipped: "sent with another alert" };
    const now = run.d.clock.now();
    const folded: { payload: { outboxId: number } }[] = await tx`update public.outbox set status = 'done', done_at = ${now},
        locked_until = null, last_error = ${`sent with alert ${row.id}`}
      where property_id = ${row.property_id} and kind = 'manager_alert' and status = 'pending'
        and payload ->> 'type' = 'outbox_dead' and id <> ${row.id}::bigint
      returning payload`;
    const ids = [Number(row.payload.outboxId), ...folded.map((f) => Number(f.payload.outboxId))];
    const items = await deadItems(tx, ids, property);
    if (!items.length) return { skipped: "nothing left to report" };
    const email = outboxDeadAlertEmail({ property: propertyInfo(property), items, dashboardUrl: settingsLink(run, property) });
    await run.senders.email.send({
      to: property.manager_email!,
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: row.dedupe_key,
    });
    return {};
  }, run.d.sql);
}

async function deadItems(tx: Tx, ids: number[], property: PropertyRow): Promise<DeadOutboxItem[]> {
  const rows = await tx<{
    kind: string;
    payload: { bookingId?: string; template?: string };
    attempts: number;
    last_error: string | null;
    done_at: Date | null;
    first_name: string | null;
    last_name: string | null;
    start_at: Date | null;
  }[]>`select o.kind, o.payload, o.attempts, o.last_error, o.done_at, b.first_name, b.last_name, b.start_at
    from public.outbox o left join public.tour_bookings b on b.id::text = o.payload ->> 'bookingId'
    where o.id = any(${ids}::bigint[]) and o.status = 'dead' order by o.id`;
  return rows.map((r) => ({
    kind: [KIND_LABELS[r.kind] ?? r.kind, r.payload.template ? `(${TEMPLATE_LABELS[r.payload.template] ?? r.payload.template})` : ""]
      .filter(Boolean).join(" "),
    description: r.start_at
      ? `${`${r.first_name ?? ""} ${r.last_name ?? ""}`.trim() || "A prospect"}, ${formatFull(r.start_at, property.time_zone)}`
      : "A tour",
    attempts: r.attempts,
    lastError: r.last_error ?? "unknown error",
    lastAttemptAt: r.done_at ?? new Date(0),
  }));
}
