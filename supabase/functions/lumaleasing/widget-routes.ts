// What the widget reads: its configuration, the availability, and lead capture.
import { withProperty } from "../_shared/adapters/db.ts";
import { apiError, json, readJson, type RouteContext, withHeaders } from "../_shared/adapters/http.ts";
import {
  AvailabilityQuery,
  type AvailabilityResponse,
  type CalendarUnavailableResponse,
  fieldErrors,
  LeadRequest,
} from "../_shared/contracts/widget.ts";
import { BeyondWindowError, loadSchedule, ScheduleUnavailableError } from "../_shared/services/availability.ts";
import { deps } from "../_shared/services/deps.ts";
import { queueContactSync } from "../_shared/services/hubspot-effects.ts";
import { loadProperty, type Property } from "../_shared/services/property.ts";
import { authenticateWidget, type WidgetCaller } from "../_shared/services/request-auth.ts";
import { emitWebhookEvents, LEAD_CHANGE, type LeadChange, leadEvent } from "../_shared/services/webhook-events.ts";
import { drainSoon } from "./drain.ts";
import { linkSessionLead, touchSession } from "../_shared/services/widget-sessions.ts";

/** Runs a widget route: the key and origin are checked first, CORS goes on every answer. */
export function widgetRoute(handler: (ctx: RouteContext, caller: WidgetCaller) => Promise<Response>) {
  return async (ctx: RouteContext) => {
    const caller = await authenticateWidget(ctx.req, deps().sql);
    try {
      return withHeaders(await handler(ctx, caller), caller.cors);
    } catch (err) {
      const res = (err as { toResponse?: () => Response }).toResponse?.();
      if (res) return withHeaders(res, caller.cors);
      throw err;
    }
  };
}

export function calendarUnavailable(property: Property): Response {
  const body: CalendarUnavailableResponse = {
    success: false,
    error: {
      code: "calendar_unavailable",
      message: "Online booking is unavailable right now. Please call or email us and we will set up your tour.",
    },
    fallback: { phone: property.phone, email: property.email },
  };
  return json(503, body, { "retry-after": "60" });
}

export const config = widgetRoute(async (_ctx, caller) => {
  const d = deps();
  const p = await withProperty(caller.propertyId, (tx) => loadProperty(tx, caller.propertyId), d.sql);
  return json(200, {
    success: true,
    property: { id: p.id, name: p.name, timezone: p.timeZone, phone: p.phone, email: p.email, address: p.address },
    widget: { greeting: p.greeting, brandColor: p.brandColor, position: "bottom-right" },
    faqs: p.faqs,
    leasingQuestions: p.leasingQuestions,
    smsConsentText: p.smsConsentText,
    bookingWindowDays: p.rules.bookingWindowDays,
  }, { "cache-control": "public, max-age=60" });
});

export const availability = widgetRoute(async ({ url }, caller) => {
  const d = deps();
  const parsed = AvailabilityQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return apiError(400, "invalid_range", Object.values(fieldErrors(parsed.error))[0], { error: { fields: fieldErrors(parsed.error) } });
  }
  const { from, days } = parsed.data;
  try {
    const schedule = await loadSchedule(d, caller.propertyId, { from, days });
    const slotsByDate: AvailabilityResponse["slotsByDate"] = {};
    for (const day of schedule.days) {
      if (day.slots.length === 0) continue;
      slotsByDate[day.date] = day.slots.map((s) => ({ time: s.time, available: true, start: new Date(s.start).toISOString() }));
    }
    const body: AvailabilityResponse = {
      success: true,
      availableDates: Object.keys(slotsByDate),
      slotsByDate,
      timezone: schedule.property.timeZone,
      tourDuration: schedule.property.rules.tourMinutes,
      source: schedule.source,
    };
    return json(200, body, { "cache-control": "no-store" });
  } catch (err) {
    if (err instanceof BeyondWindowError) return apiError(400, "beyond_booking_window", err.message);
    if (err instanceof ScheduleUnavailableError) {
      console.error(`availability for ${caller.propertyId} unavailable: ${err.message}`);
      return calendarUnavailable(err.property);
    }
    throw err;
  }
});

export const lead = widgetRoute(async ({ req }, caller) => {
  const d = deps();
  const parsed = LeadRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return apiError(422, "invalid_input", "Please check the highlighted fields.", { error: { fields: fieldErrors(parsed.error) } });
  }
  const { sessionId, firstName, lastName, email, phone } = parsed.data;
  const language = parsed.data.language ?? null;
  const now = d.clock.now();
  const { leadId: id, queued } = await withProperty(caller.propertyId, async (tx) => {
    const userAgent = req.headers.get("user-agent")?.slice(0, 300) ?? null;
    let leadId: string | null = await touchSession(tx, caller.propertyId, sessionId, { now, userAgent });
    let change: LeadChange;
    if (email) {
      const [row] = await tx<{ id: string; change: LeadChange }[]>`with prior as (select first_name, last_name, phone
          from public.leads where property_id = ${caller.propertyId} and email = ${email})
        insert into public.leads (property_id, first_name, last_name, email, phone, language, created_at, updated_at)
        values (${caller.propertyId}, ${firstName ?? null}, ${lastName ?? null}, ${email}, ${phone ?? null}, ${language}, ${now}, ${now})
        on conflict (property_id, email) do update set
          first_name = coalesce(excluded.first_name, leads.first_name), last_name = coalesce(excluded.last_name, leads.last_name),
          phone = coalesce(excluded.phone, leads.phone), language = coalesce(excluded.language, leads.language),
          updated_at = excluded.updated_at
        returning id, ${tx.unsafe(LEAD_CHANGE)} as change`;
      leadId = row.id;
      change = row.change;
    } else if (leadId) {
      const [row] = await tx<{ change: LeadChange }[]>`with prior as (select first_name, last_name, phone
          from public.leads where id = ${leadId})
        update public.leads set first_name = coalesce(${firstName ?? null}, first_name),
          last_name = coalesce(${lastName ?? null}, last_name), phone = coalesce(${phone ?? null}, phone),
          language = coalesce(${language}, language), updated_at = ${now}
        where id = ${leadId} returning ${tx.unsafe(LEAD_CHANGE)} as change`;
      change = row?.change ?? "unchanged";
    } else {
      const [row] = await tx<{ id: string }[]>`insert into public.leads (property_id, first_name, last_name, phone, language, created_at, updated_at)
        values (${caller.propertyId}, ${firstName ?? null}, ${lastName ?? null}, ${phone ?? null}, ${language}, ${now}, ${now}) returning id`;
      leadId = row.id;
      change = "created";
    }
    await linkSessionLead(tx, caller.propertyId, sessionId, leadId);
    if (email) await queueContactSync(tx, caller.propertyId, leadId, now);
    const queued = await emitWebhookEvents(tx, caller.propertyId, now, leadEvent(leadId, change));
    return { leadId, queued };
  }, d.sql);
  if (queued) drainSoon(caller.propertyId);
  return json(200, { success: true, lead: { id } });
});
