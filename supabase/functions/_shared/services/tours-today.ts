// The property's tours on its own today (the WordPress dashboard's "Today's tours"): every
// tour that starts between local midnight and the next, earlier ones included, in order.
import { withProperty } from "../adapters/db.ts";
import type { ToursTodayResponse } from "../contracts/tours-today.ts";
import { localDayAt } from "../core/local-day.ts";
import type { Deps } from "./deps.ts";

interface Row {
  id: string;
  start_at: Date;
  end_at: Date;
  first_name: string;
  last_name: string;
  status: ToursTodayResponse["tours"][number]["status"];
  account_email: string | null;
  display_name: string | null;
}

export async function toursToday(d: Deps, propertyId: string): Promise<ToursTodayResponse> {
  const now = d.clock.now();
  const { timeZone, rows, day } = await withProperty(propertyId, async (tx) => {
    const [p] = await tx<{ time_zone: string }[]>`select time_zone from public.properties where id = ${propertyId}`;
    const day = localDayAt(now.getTime(), p.time_zone);
    const rows = await tx<Row[]>`select b.id, b.start_at, b.end_at, b.first_name, b.last_name, b.status,
        c.account_email, c.display_name
      from public.tour_bookings b left join public.agent_calendars c on c.id = b.agent_calendar_id
      where b.start_at >= ${new Date(day.fromMs)} and b.start_at < ${new Date(day.toMs)}
      order by b.start_at, b.id limit 200`;
    return { timeZone: p.time_zone, rows, day };
  }, d.sql);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return {
    success: true,
    timezone: timeZone,
    date: day.date,
    tours: rows.map((r) => ({
      id: r.id,
      start: r.start_at.toISOString(),
      end: r.end_at.toISOString(),
      localTime: time.format(r.start_at),
      prospectName: `${r.first_name} ${r.last_name}`.trim(),
      agent: r.account_email ? { email: r.account_email, name: r.display_name ?? null } : null,
      status: r.status,
      awaitingOutcome: r.status === "confirmed" && r.end_at.getTime() <= now.getTime(),
    })),
  };
}
