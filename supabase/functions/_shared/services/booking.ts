// Booking a tour: re-check the slot, pick the agent, write the booking, the lead and
// the side effects in one transaction, under the property's booking lock (booking-lock.ts),
// so racing visitors are decided one after another instead of deadlocking. The exclusion
// constraint is the last word on double booking; we try the next free agent when it says no.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { sha256Hex } from "../adapters/crypto.ts";
import { type Tx, withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import type { OutboxItem } from "../contracts/outbox.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { type BookingRequest, type BookingResponse, fieldErrors } from "../contracts/widget.ts";
import { BookingRequest as BookingSchema } from "../contracts/widget.ts";
import { rateLimitKey } from "../core/client-ip.ts";
import { manageToken, manageUrl } from "../core/manage-link.ts";
import type { Slot } from "../core/slots.ts";
import { loadSchedule, type Schedule, ScheduleUnavailableError } from "./availability.ts";
import { lockPropertyBookings, retryOnContention } from "./booking-lock.ts";
import { dropBusyCache } from "./busy-cache.ts";
import { queueMeetingSync } from "./hubspot-effects.ts";
import type { Deps } from "./deps.ts";
import { blockedRange } from "./property.ts";
import { emitWebhookEvents, LEAD_CHANGE, leadEvent, tourEvent } from "./webhook-events.ts";
import { touchSession } from "./widget-sessions.ts";
import { recordHistory } from "./tour-history.ts";
import type { ActingUser } from "../contracts/tour-admin.ts";

export const BOOKINGS_PER_HOUR = Number(Deno.env.get("LUMALEASING_BOOKINGS_PER_HOUR") ?? 5);

export class SlotTakenError extends Error {
  constructor(readonly alternatives: Array<{ date: string; time: string; start: string }>) {
    super("slot taken");
  }
}

export interface ValidBooking extends Omit<BookingRequest, "phone"> {
  phone: string | null;
}

/** Checks the body; every problem is named by field, nothing is written. */
export function validateBooking(body: unknown): ValidBooking {
  const parsed = BookingSchema.safeParse(body);
  const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  let phone: string | null = null;
  if (parsed.success && parsed.data.phone) {
    const number = parsePhoneNumberFromString(parsed.data.phone, "US");
    if (!number || !number.isValid()) fields.phone = "Enter a valid phone number, like (312) 555-0142.";
    else phone = number.number;
  }
  if (parsed.success && parsed.data.smsConsent && !parsed.data.phone) {
    fields.phone = "Enter a phone number to get text messages, or untick the box.";
  }
  if (Object.keys(fields).length || !parsed.success) {
    throw new HttpError(422, "invalid_input", "Please check the highlighted fields.", { error: { fields } });
  }
  return { ...parsed.data, phone };
}

/** The next few offered slots at or after `after`, for a 409's alternatives. */
export function alternativesFrom(schedule: Schedule, after: number, count = 3, agentId?: string) {
  const out: Array<{ date: string; time: string; start: string }> = [];
  for (const day of schedule.days) {
    for (const slot of day.slots) {
      if (slot.start < after || (agentId && !slot.freeAgentIds.includes(agentId))) continue;
      out.push({ date: day.date, time: slot.time, start: new Date(slot.start).toISOString() });
      if (out.length === count) return out;
    }
  }
  return out;
}

export function findSlot(schedule: Schedule, startMs: number): Slot | undefined {
  for (const day of schedule.days) {
    const slot = day.slots.find((s) => s.start === startMs);
    if (slot) return slot;
  }
  return undefined;
}

/**
 * The candidates still free for [from, to) and still connected with a working grant — read
 * under the property's booking lock, so what is committed is all there is — in round-robin order: fewest upcoming tours first,
 * then least recently booked, then id.
 */
async function agentOrder(tx: Tx, candidates: string[], now: Date, [from, to]: [Date, Date]): Promise<string[]> {
  if (candidates.length === 0) return candidates;
  const rows = await tx`select c.id,
      (select count(*) from public.tour_bookings b where b.agent_calendar_id = c.id and b.status = 'confirmed' and b.start_at > ${now})::int as upcoming,
      c.last_booked_at
    from public.agent_calendars c where c.id = any(${candidates})
      -- A calendar found dead since the busy answer was read (by any instance) gets no tour,
      -- whether that answer was fresh or Google's last one while Google is down.
      and c.disconnected_at is null and c.token_status in ('healthy', 'expiring')
      and not exists (select 1 from public.tour_bookings b where b.agent_calendar_id = c.id and b.status = 'confirmed'
        and b.blocked_range && tstzrange(${from}, ${to}))`;
  return rows.sort((a, b) =>
    a.upcoming - b.upcoming ||
    (a.last_booked_at?.getTime() ?? 0) - (b.last_booked_at?.getTime() ?? 0) ||
    String(a.id).localeCompare(String(b.id))
  ).map((r) => r.id);
}

function isConstraint(err: unknown, code: string) {
  return (err as { code?: string })?.code === code;
}

export function bookingEffects(bookingId: string, start: Date, opts: {
  hasAgent: boolean;
  sms: boolean;
  template: "tour_confirmation" | "tour_rescheduled" | "tour_cancelled";
}): OutboxItem[] {
  const v = start.getTime();
  const items: OutboxItem[] = [];
  if (opts.hasAgent) {
    items.push(
      opts.template === "tour_cancelled"
        ? { kind: "google_event_cancel", payload: { bookingId }, dedupeKey: `gcal-cancel:${bookingId}` }
        : { kind: "google_event_upsert", payload: { bookingId }, dedupeKey: `gcal-upsert:${bookingId}:${v}` },
    );
  }
  const suffix = opts.template === "tour_confirmation" ? "" : `:${v}`;
  items.push({ kind: "email", payload: { bookingId, template: opts.template }, dedupeKey: `email:${bookingId}:${opts.template}${suffix}` });
  if (opts.sms) {
    items.push({ kind: "sms", payload: { bookingId, template: opts.template }, dedupeKey: `sms:${bookingId}:${opts.template}${suffix}` });
  }
  return items;
}

export interface BookingContext {
  propertyId: string;
  /** The visitor's address from the platform's edge; null when none can be trusted. */
  ip: string | null;
  idempotencyKey: string | null;
  /** The office books for someone who phoned or walked in: no per-visitor limit, its source stored. */
  office?: { by: ActingUser; source: "phone" | "walk_in" };
}

/**
 * What the per-address limit counts this visitor under (hashed, like everything stored
 * about an address). Without a trusted address there is none: the session alone is
 * limited then, never one bucket shared by every visitor without an address.
 */
export async function addressHash(ip: string | null): Promise<string | null> {
  return ip ? await sha256Hex(`ip:${rateLimitKey(ip)}`) : null;
}

async function rateLimit(tx: Tx, ipHash: string | null, sessionId: string | null | undefined, now: Date) {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  // A null hash or session matches no row (null = anything is not true).
  const [row] = await tx`select
      count(*) filter (where client_ip_hash = ${ipHash}::text)::int as by_ip,
      count(*) filter (where ${sessionId ?? null}::uuid is not null and session_id = ${sessionId ?? null}::uuid)::int as by_session,
      min(created_at) filter (where client_ip_hash = ${ipHash}::text or session_id = ${sessionId ?? null}::uuid) as oldest
    from public.tour_bookings where created_at > ${hourAgo}`;
  if (row.by_ip >= BOOKINGS_PER_HOUR || row.by_session >= BOOKINGS_PER_HOUR) {
    const retryAfter = Math.max(1, Math.ceil(((row.oldest?.getTime() ?? now.getTime()) + 3_600_000 - now.getTime()) / 1000));
    throw new HttpError(429, "rate_limited", "Too many bookings from here in the last hour. Please call us instead.", {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}

/** What the first request with this Idempotency-Key answered, when it booked. */
async function earlierAnswer(d: Deps, ctx: BookingContext): Promise<{ answer: BookingResponse; replay: true } | null> {
  if (!ctx.idempotencyKey) return null;
  const [row] = await withProperty(ctx.propertyId, (tx) =>
    tx`select idempotent_response from public.tour_bookings where idempotency_key = ${ctx.idempotencyKey}`, d.sql);
  return row?.idempotent_response ? { answer: row.idempotent_response as BookingResponse, replay: true } : null;
}

/** Books the tour or throws an HttpError / SlotTakenError / ScheduleUnavailableError. */
export async function bookTour(d: Deps, ctx: BookingContext, input: ValidBooking): Promise<{ answer: BookingResponse; replay: boolean }> {
  if (input.website && !ctx.office) {
    throw new HttpError(429, "rate_limited", "Please try again later.", { headers: { "retry-after": "3600" } });
  }
  const replayed = await earlierAnswer(d, ctx);
  if (replayed) return replayed;
  const startMs = Date.parse(input.start);
  const now = d.clock.now();
  const ipHash = await addressHash(ctx.ip);
  const schedule = await loadSchedule(d, ctx.propertyId, {}, { allowStale: true });
  const slot = findSlot(schedule, startMs);
  if (!slot) throw new SlotTakenError(alternativesFrom(schedule, startMs));
  const { property } = schedule;
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  const [blockFrom, blockTo] = blockedRange(property.rules, start, end);
  // The id is ours before the insert: the manage token is derived from it, so later
  // emails can carry the same link while only its hash is stored.
  const bookingId = crypto.randomUUID();
  const token = await manageToken(bookingId, d.stateSecret);
  const manageHash = await sha256Hex(token);
  const manualSlotId = schedule.source === "manual" ? slot.freeAgentIds[0].replace(/^slot:/, "") : null;

  try {
    // A transaction Postgres aborts for contention is tried again; one that still cannot
    // finish answers "taken", like any other lost race.
    const answer = await retryOnContention(() => withProperty(ctx.propertyId, async (tx) => {
      if (!ctx.office) await rateLimit(tx, ipHash, input.sessionId, now);
      // The lead: one per email per property, kept up to date.
      const language = input.language ?? null;
      const [lead] = await tx`with prior as (select first_name, last_name, phone from public.leads
          where property_id = ${ctx.propertyId} and email = ${input.email})
        insert into public.leads (property_id, first_name, last_name, email, phone, language, created_at, updated_at)
        values (${ctx.propertyId}, ${input.firstName}, ${input.lastName}, ${input.email}, ${input.phone}, ${language}, ${now}, ${now})
        on conflict (property_id, email) do update set first_name = excluded.first_name, last_name = excluded.last_name,
          phone = coalesce(excluded.phone, leads.phone), language = coalesce(excluded.language, leads.language),
          updated_at = excluded.updated_at
        returning id, ${tx.unsafe(LEAD_CHANGE)} as change`;
      if (input.sessionId) {
        await touchSession(tx, ctx.propertyId, input.sessionId, { now, leadId: lead.id });
      }
      // Before the agent choice, so it and the insert see every booking of this property
      // committed before them and none half-made. (Taken after the lead's row lock and
      // never before it, so the two cannot wait on each other in opposite orders.)
      await lockPropertyBookings(tx, ctx.propertyId);
      const agents = manualSlotId ? [null] : await agentOrder(tx, slot.freeAgentIds, now, [blockFrom, blockTo]);
      for (const agentId of agents) {
        const booking = await tx.savepoint(async (sp) => {
          const [row] = await sp`insert into public.tour_bookings (id, property_id, agent_calendar_id, tour_slot_id, lead_id, session_id,
              start_at, end_at, blocked_range, status, source, first_name, last_name, email, phone, special_requests,
              sms_consent, sms_consent_at, sms_consent_text, move_in_date, bedrooms, pets, manage_token_hash,
              idempotency_key, client_ip_hash, language, created_at, updated_at)
            values (${bookingId}, ${ctx.propertyId}, ${agentId}, ${manualSlotId}, ${lead.id}, ${input.sessionId ?? null},
              ${start}, ${end}, tstzrange(${blockFrom}, ${blockTo}), 'confirmed', ${ctx.office?.source ?? "widget"}, ${input.firstName}, ${input.lastName},
              ${input.email}, ${input.phone}, ${input.specialRequests || null}, ${Boolean(input.smsConsent)},
              ${input.smsConsent ? now : null}, ${input.smsConsent ? input.smsConsentText || property.smsConsentText : null},
              ${input.moveInDate ?? null}, ${input.bedrooms ?? null}, ${input.pets || null}, ${manageHash},
              ${ctx.idempotencyKey}, ${ipHash}, ${language}, ${now}, ${now})
            returning id`;
          return row;
        }).catch((err) => {
          // Under the lock this meets only committed rows, so it answers at once.
        if (isConstraint(err, "23P01") || (manualSlotId && isConstraint(err, "23505") && !String(err.message).includes("idempotency"))) {
            return null; // this agent (or manual slot) was taken a moment ago
          }
          throw err;
        });
        if (!booking) continue;
        if (agentId) await tx`update public.agent_calendars set last_booked_at = ${now} where id = ${agentId}`;
        const answer: BookingResponse = {
          success: true,
          booking: {
            id: booking.id,
            start: start.toISOString(),
            end: end.toISOString(),
            timezone: property.timeZone,
            status: "confirmed",
            manageUrl: manageUrl(property.siteUrl, token, d.functionsUrl),
          },
        };
        if (ctx.idempotencyKey) {
          await tx`update public.tour_bookings set idempotent_response = ${tx.json(answer as never)} where id = ${booking.id}`;
        }
        await enqueue(tx, ctx.propertyId, bookingEffects(booking.id, start, {
          hasAgent: Boolean(agentId),
          sms: Boolean(input.smsConsent && input.phone),
          template: "tour_confirmation",
        }), now);
        await queueMeetingSync(tx, ctx.propertyId, booking.id, `booked:${start.getTime()}`, now);
        await emitWebhookEvents(tx, ctx.propertyId, now, [...leadEvent(lead.id, lead.change), tourEvent("tour.booked", booking.id)]);
        await recordHistory(tx, ctx.propertyId, booking.id, now, ctx.office
          ? { event: "booked", actor: "office", by: ctx.office.by, details: { source: ctx.office.source, start: start.toISOString() } }
          : { event: "booked", actor: "prospect", details: { source: "widget", start: start.toISOString() } });
        // Last, so the row lock it takes is held only until the commit right after.
        await dropBusyCache(tx, ctx.propertyId);
        return answer;
      }
      return null;
    }, d.sql), () => null);
    if (!answer) {
      // A request with the same Idempotency-Key may have taken the slot a moment ago.
      const raced = await earlierAnswer(d, ctx);
      if (raced) return raced;
      const fresh = await loadSchedule(d, ctx.propertyId, {}, { allowStale: true }).catch(() => schedule);
      throw new SlotTakenError(alternativesFrom(fresh, startMs));
    }
    return { answer, replay: false };
  } catch (err) {
    // The same Idempotency-Key raced us: answer what the first request answered.
    if (isConstraint(err, "23505") && String((err as Error).message).includes("idempotency")) {
      const raced = await earlierAnswer(d, ctx);
      if (raced) return raced;
    }
    throw err;
  }
}

export { ScheduleUnavailableError };
