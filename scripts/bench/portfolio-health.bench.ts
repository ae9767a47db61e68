// Benchmark of the Portfolio page's reads: one organization of 500 properties with 1–3
// calendars each (about 1,000, in every status; one in ten properties without its settings
// page) and a year of token refresh activity — a health check every 6 hours per calendar,
// about 1.5 million rows, some of them failures — generated in SQL with generate_series.
// Times `GET portfolio/health` (every row; then filtered and searched) and
// `GET portfolio/refresh-activity?limit=50` through the API with the portfolio key: the
// median of 7 after one warm-up.
//
//   npm run bench -- portfolio-health          # on a private stack
//
// LUMALEASING_BENCH_EXPLAIN=1 also prints the refresh-activity query plan.
//
// Goal: each route's median under 500 ms. Exits 1 if missed. The organization's rows are
// deleted afterwards.
import postgres from "postgres";
import { readStackInfo } from "../lib/config.ts";
import { randomToken, sha256Hex } from "../../supabase/functions/_shared/adapters/crypto.ts";

const GOAL_MS = 500;
const PROPERTIES = Number(Deno.env.get("LUMALEASING_BENCH_PROPERTIES") ?? 500);
const RUNS = 7;
const REFRESH_EVERY_HOURS = 6;
const DAYS = 365;

const info = await readStackInfo();
const sql = postgres(info.adminDbUrl, { max: 2, onnotice: () => {} });

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tag = crypto.randomUUID().slice(0, 8);
const key = `llpk_${randomToken(32)}`;
const [org] = await sql`insert into public.organizations (name) values (${`Bench Health ${tag}`}) returning id`;
await sql`insert into public.portfolio_keys (organization_id, key_hash, key_hint) values (${org.id}, ${await sha256Hex(key)}, 'llpk_bench…')`;
const now = new Date();
const from = new Date(now.getTime() - DAYS * 86_400_000);
console.log(`generating ${PROPERTIES} properties, 1–3 calendars each, ${DAYS} days of refreshes every ${REFRESH_EVERY_HOURS} h:`);

async function route(path: string): Promise<{ median: number; max: number; body: Record<string, unknown> }> {
  const times: number[] = [];
  let body: Record<string, unknown> = {};
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const res = await fetch(`${info.functionsUrl}/lumaleasing/${path}`, { headers: { authorization: `Bearer ${key}` } });
    body = await res.json();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
    if (i > 0) times.push(performance.now() - started);
  }
  return { median: median(times), max: Math.max(...times), body };
}

try {
  await timed("properties and calendars", async () => {
    await sql`insert into public.properties (name, time_zone, organization_id, manager_email, admin_url)
      select ${`Bench Health ${tag} `} || lpad(g::text, 4, '0'), 'America/Chicago', ${org.id}, 'pm-' || g || '@example.com',
        case when g % 10 = 0 then null else 'https://bench-' || g || '.example/wp-admin/options-general.php?page=lumaleasing' end
      from generate_series(1, ${PROPERTIES}) g`;
    await sql`insert into public.agent_calendars (property_id, account_email, token_status, last_health_check_at,
        access_token_expires_at, refresh_token_expires_at)
      select p.id, 'agent-' || n || '-' || p.id || '@example.com',
        (array['healthy', 'healthy', 'healthy', 'expiring', 'expired', 'revoked'])[1 + (row_number() over (order by p.id, n))::int % 6],
        ${now}::timestamptz - interval '2 hours', ${now}::timestamptz + interval '40 minutes',
        case when n = 2 then ${now}::timestamptz + interval '3 days' end
      from public.properties p
      cross join lateral generate_series(1, 1 + (abs(hashtext(p.id::text)) % 3)) n
      where p.organization_id = ${org.id}`;
  });
  const [{ calendars }] = await sql`select count(*)::int as calendars from public.agent_calendars c
    join public.properties p on p.id = c.property_id where p.organization_id = ${org.id}`;
  await timed(`token refreshes (${(calendars * DAYS * 24 / REFRESH_EVERY_HOURS).toLocaleString("en-US")})`, async () => {
    await sql`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, error)
      select c.property_id, c.id, ${from}::timestamptz + g * ${REFRESH_EVERY_HOURS}::int * interval '1 hour'
          + (abs(hashtext(c.id::text)) % 360) * interval '1 minute',
        case when g % 10 = 0 then 'request' else 'health_check' end,
        case when g % 211 = 0 then 'invalid_grant' when g % 97 = 0 then 'error' else 'refreshed' end,
        case when g % 211 = 0 then 'invalid_grant: Token has been expired or revoked.' when g % 97 = 0 then 'timeout after 8000 ms' end
      from public.agent_calendars c join public.properties p on p.id = c.property_id and p.organization_id = ${org.id}
      cross join generate_series(1, ${DAYS * 24 / REFRESH_EVERY_HOURS}) g`;
  });
  await timed("analyze", async () => {
    await sql`analyze public.calendar_token_refreshes, public.properties, public.agent_calendars, public.calendar_reconnect_requests`;
  });

  if (Deno.env.get("LUMALEASING_BENCH_EXPLAIN")) {
    const plan = await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ organization_id: org.id })}, true),
        set_config('role', 'lumaleasing_portfolio', true)`;
      return await tx.unsafe(`explain (analyze, buffers) with recent as materialized (select t.id, t.attempted_at, t.property_id,
        t.agent_calendar_id from public.calendar_token_refreshes t order by t.attempted_at desc, t.id desc limit 50)
        select r.id, p.name, c.account_email from recent r join public.properties p on p.id = r.property_id join public.agent_calendars c on c.id = r.agent_calendar_id`);
    });
    console.log(plan.map((r) => Object.values(r)[0]).join("\n"));
  }
  const all = await route("portfolio/health");
  const counts = all.body.counts as Record<string, number>;
  const filtered = await route(`portfolio/health?status=revoked&q=${encodeURIComponent("0042")}`);
  const activity = await route("portfolio/refresh-activity?limit=50");
  const activityMax = await route("portfolio/refresh-activity?limit=500");

  console.log(`\nportfolio health, ${PROPERTIES} properties, ${calendars} calendars, a year of refreshes:`);
  console.log(`  rows ${(all.body.rows as unknown[]).length}; counts ${JSON.stringify(counts)}`);
  console.log(`  GET portfolio/health:                       median ${all.median.toFixed(0)} ms, max ${all.max.toFixed(0)} ms`);
  console.log(`  GET portfolio/health?status=revoked&q=0042: median ${filtered.median.toFixed(0)} ms, max ${filtered.max.toFixed(0)} ms`);
  console.log(`  GET portfolio/refresh-activity?limit=50:    median ${activity.median.toFixed(0)} ms, max ${activity.max.toFixed(0)} ms`);
  console.log(`  GET portfolio/refresh-activity?limit=500:   median ${activityMax.median.toFixed(0)} ms, max ${activityMax.max.toFixed(0)} ms`);
  const pass = all.median < GOAL_MS && activity.median < GOAL_MS;
  console.log(`${pass ? "PASS" : "FAIL"} portfolio health in ${all.median.toFixed(0)} ms and refresh activity in ${activity.median.toFixed(0)} ms (goal under ${GOAL_MS} ms each)`);
  if (!pass) Deno.exitCode = 1;
} finally {
  await sql`delete from public.properties where organization_id = ${org.id}`;
  await sql`delete from public.organizations where id = ${org.id}`;
  await sql.end({ timeout: 2 });
}
