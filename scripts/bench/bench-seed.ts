// What the jobs benchmarks start from: the stack's clock, a tag for this run's rows, a
// property of its own, and a backlog of tours whose reminder is due now.
import type postgres from "postgres";
import { randomToken } from "../../supabase/functions/_shared/adapters/crypto.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The functions' clock (the local stack's, which tests and demos may have moved). */
export async function stackNow(functionsUrl: string): Promise<Date> {
  const res = await fetch(`${new URL(functionsUrl).origin}/__local/clock`);
  return new Date((await res.json()).now);
}

/** A short lowercase tag that names this run's property, accounts and addresses. */
export function benchTag(): string {
  return randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x");
}

export async function createBenchProperty(sql: postgres.Sql, tag: string): Promise<{ id: string }> {
  const [property] = await sql<{ id: string }[]>`insert into public.properties (name, time_zone, address, phone, email, manager_email, site_url, admin_url)
  values (${`Bench ${tag}`}, 'America/Chicago', '1 Bench Way, Chicago, IL', '+13125550100', 'leasing@bench.example',
    'manager@bench.example', 'https://bench.example/tours/', 'https://bench.example/wp-admin/')
  returning id`;
  return property;
}

/** `count` tours due now: half for the 24-hour reminder (start 23–24 h ahead), half for the 1-hour one (15–59 min). */
export async function seedDueReminders(sql: postgres.Sql, propertyId: string, tag: string, now: Date, count: number): Promise<void> {
  const half = Math.floor(count / 2);
  await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, source, first_name, last_name,
      email, phone, sms_consent, created_at, updated_at)
    select ${propertyId}, s, s + interval '30 minutes', tstzrange(s, s + interval '45 minutes'), 'admin', 'Bench', 'Prospect',
      'bench-' || ${tag}::text || '-' || g || '@bench.example', null, false, ${new Date(now.getTime() - 2 * 24 * HOUR)}, ${now}
    from generate_series(1, ${count}) g,
      lateral (select case when g <= ${half}
        then ${new Date(now.getTime() + 23 * HOUR)}::timestamptz + (g % 3600) * interval '1 second'
        else ${new Date(now.getTime() + 15 * MINUTE)}::timestamptz + (g % 2640) * interval '1 second' end as s) t`;
}
