// The office's list of tours: upcoming ones (the settings page), or a range of the
// property's local dates with filters (the Tours page's calendar and list), and the free
// slots the slot engine offers for a phone booking or a reschedule.
import { withProperty } from "../adapters/db.ts";
import {
  OUTCOME_NEEDED_AFTER_MS,
  type OfficeSlotsResponse,
  TOUR_LIST_MAX_ROWS,
  type TourListQuery,
  type TourListResponse,
} from "../contracts/tour-admin.ts";
import { addDays } from "../core/wallclock.ts";
import { loadSchedule } from "./availability.ts";
import type { Deps } from "./deps.ts";
import { loadProperty } from "./property.ts";
import { outcomeNeeded } from "./tour-detail.ts";

interface ListRow {
  id: string;
  local_day: string;
  start_at: Date;
  end_at: Date;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  status: TourListResponse["tours"][number]["status"];
  source: string;
  agent_calendar_id: string | null;
  account_email: string | null;
  display_name: string | null;
}

/** A LIKE pattern that matches `q` literally anywhere. */
function contains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listTours(d: Deps, propertyId: string, query: TourListQuery): Promise<TourListResponse> {
  const now = d.clock.now();
  const outcomeBefore = new Date(now.getTime() - OUTCOME_NEEDED_AFTER_MS);
  const statuses = query.status?.filter((s) => s !== "outcome_needed") ?? [];
  const wantsOutcomeNeeded = query.status?.includes("outcome_needed") ?? false;
  const q = query.q?.trim() ?? "";
  const digits = q.replace(/\D/g, "");
  const { property, rows } = await withProperty(propertyId, async (tx) => {
    const property = await loadProperty(tx, propertyId);
    const tz = property.timeZone;
    const window = query.from && query.to
      ? tx`b.start_at >= (${query.from}::date::timestamp at time zone ${tz})
          and b.start_at < ((${addDays(query.to, 1)}::date)::timestamp at time zone ${tz})`
      : tx`((b.end_at > ${now} and b.start_at < ${new Date(now.getTime() + (query.days ?? 14) * 86_400_000)})
          -- and the past tours still waiting for their outcome (up to 90 days back)
          or (b.status = 'confirmed' and b.end_at < ${outcomeBefore} and b.end_at > ${new Date(now.getTime() - 90 * 86_400_000)}))`;
    const status = statuses.length || wantsOutcomeNeeded
      ? tx`and (b.status = any(${statuses}::text[])
          ${wantsOutcomeNeeded ? tx`or (b.status = 'confirmed' and b.end_at < ${outcomeBefore})` : tx``})`
      : tx``;
    const search = q
      ? tx`and ((b.first_name || ' ' || b.last_name) ilike ${contains(q)} or b.email ilike ${contains(q)}
          ${digits.length >= 3 ? tx`or regexp_replace(coalesce(b.phone, ''), '\\D', '', 'g') like ${contains(digits)}` : tx``})`
      : tx``;
    const matching = tx`select b.id, b.start_at, b.end_at, b.first_name, b.last_name, b.email, b.phone, b.status,
        b.source, b.agent_calendar_id, c.account_email, c.display_name,
        to_char(b.start_at at time zone ${tz}, 'YYYY-MM-DD') as local_day
      from public.tour_bookings b left join public.agent_calendars c on c.id = b.agent_calendar_id
      where ${window}
        ${query.agent ? tx`and b.agent_calendar_id = ${query.agent}` : tx``}
        ${query.source ? tx`and b.source = ${query.source}` : tx``}
        ${status}
        ${search}`;
    const rows = query.perDay
      ? await tx<(ListRow & { day_total: number })[]>`select * from (select m.*, row_number() over (partition by m.local_day order by m.start_at, m.id) as n,
            count(*) over (partition by m.local_day)::int as day_total from (${matching}) m) x
          where x.n <= ${query.perDay} order by x.start_at, x.id limit ${TOUR_LIST_MAX_ROWS + 1}`
      : await tx<(ListRow & { day_total?: number })[]>`${matching} order by b.start_at, b.id limit ${TOUR_LIST_MAX_ROWS + 1}`;
    return { property, rows };
  }, d.sql);
  const capped = rows.length > TOUR_LIST_MAX_ROWS;
  const dayTotals: Record<string, number> = {};
  if (query.perDay) for (const r of rows) dayTotals[r.local_day] = r.day_total ?? 0;
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: property.timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: property.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return {
    success: true,
    timezone: property.timeZone,
    range: query.from && query.to ? { from: query.from, to: query.to } : null,
    capped,
    limit: TOUR_LIST_MAX_ROWS,
    tours: (capped ? rows.slice(0, TOUR_LIST_MAX_ROWS) : rows).map((r) => ({
      id: r.id,
      start: r.start_at.toISOString(),
      end: r.end_at.toISOString(),
      localDate: date.format(r.start_at),
      localTime: time.format(r.start_at),
      status: r.status,
      source: r.source,
      prospectName: `${r.first_name} ${r.last_name}`,
      prospectEmail: r.email,
      prospectPhone: r.phone,
      agentEmail: r.account_email,
      agent: r.agent_calendar_id && r.account_email
        ? { calendarId: r.agent_calendar_id, email: r.account_email, name: r.display_name }
        : null,
      outcomeNeeded: outcomeNeeded(r.status, r.end_at, now),
    })),
    ...(query.perDay ? { dayTotals } : {}),
  };
}

/** The free slots from `from` (default: today) for `days` days, per local date, with the agents free for each. */
export async function officeSlots(d: Deps, propertyId: string, range: { from?: string; days: number }): Promise<OfficeSlotsResponse> {
  const schedule = await loadSchedule(d, propertyId, range);
  return {
    success: true,
    timezone: schedule.property.timeZone,
    tourDuration: schedule.property.rules.tourMinutes,
    source: schedule.source,
    days: schedule.days.filter((day) => day.slots.length > 0).map((day) => ({
      date: day.date,
      slots: day.slots.map((s) => ({
        time: s.time,
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        agentCalendarIds: s.freeAgentIds,
      })),
    })),
  };
}
