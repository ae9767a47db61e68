-- The daily rollup gives the same answers as the raw tables: on a seeded history (two
-- properties over five weeks, every source, partial days at the period's ends, empty
-- periods), with days closed by the job, after late writes into closed days (a back-filled
-- event, a past tour's outcome, a deleted lead, a deleted load time), for a property, an
-- organization and every property, and week by week. The rollup tables are row-secured and
-- no request role can touch them.
begin;
create extension if not exists pgtap;
select plan(24);

-- Start the rollup before the seeded history: the days seeded are still open.
delete from public.metric_daily where day >= '2026-10-01';
update public.metric_rollup_state set through = '2026-10-01';

insert into public.organizations (id, name) values ('00000000-0000-4000-8000-00000000d0a1', 'Rollup Org');
insert into public.properties (id, name, time_zone, organization_id) values
  ('00000000-0000-4000-8000-00000000d1a1', 'Rollup R1', 'America/Chicago', '00000000-0000-4000-8000-00000000d0a1'),
  ('00000000-0000-4000-8000-00000000d1a2', 'Rollup R2', 'America/Chicago', '00000000-0000-4000-8000-00000000d0a1');
insert into public.agent_calendars (id, property_id, account_email, token_status) values
  ('00000000-0000-4000-8000-00000000d2a1', '00000000-0000-4000-8000-00000000d1a1', 'r1@example.com', 'healthy'),
  ('00000000-0000-4000-8000-00000000d2a2', '00000000-0000-4000-8000-00000000d1a2', 'r2@example.com', 'healthy');

-- Five weeks from 2026-10-20, every 37 minutes per property, each source in turn.
insert into public.metric_events (property_id, kind, outcome, detail, value_ms, at)
select p.id, (array['google_api', 'booking_attempt', 'delivery', 'calendar_load'])[1 + g % 4],
  case g % 4 when 0 then case when g % 13 = 0 then 'fail' else 'ok' end
    when 1 then (array['201', '201', '201', '409', '422', '429', '5xx', '201'])[1 + (g / 4) % 8]
    when 2 then (array['sent', 'sent', 'dead', 'skipped', 'failed', 'sent'])[1 + (g / 4) % 6]
    else 'ok' end,
  case g % 4 when 0 then 'freebusy' when 1 then 'widget'
    when 2 then (array['email:tour_reminder_24h', 'sms:tour_reminder_1h', 'email:tour_confirmation'])[1 + (g / 4) % 3] end,
  case when g % 4 = 3 then case when g % 29 = 3 then null else 100 + (g * 7919) % 3000 end end,
  '2026-10-20'::timestamptz + g * interval '37 minutes'
from public.properties p cross join generate_series(0, 1300) g
where p.id in ('00000000-0000-4000-8000-00000000d1a1', '00000000-0000-4000-8000-00000000d1a2');
insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome)
select c.property_id, c.id, '2026-10-20'::timestamptz + g * interval '5 hours', 'request',
  case when g % 11 = 0 then 'error' else 'refreshed' end
from public.agent_calendars c cross join generate_series(0, 170) g
where c.property_id in ('00000000-0000-4000-8000-00000000d1a1', '00000000-0000-4000-8000-00000000d1a2');
insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, status, source,
  first_name, last_name, email, created_at)
select c.property_id, c.id, t.s, t.s + interval '30 minutes', tstzrange(t.s, t.s + interval '30 minutes'),
  (array['completed', 'completed', 'no_show', 'confirmed', 'cancelled'])[1 + g % 5],
  case when g % 3 = 0 then 'phone' else 'widget' end, 'R', 'R', 'r@example.com', t.s - (g % 9) * interval '19 hours'
from public.agent_calendars c cross join generate_series(0, 200) g
cross join lateral (select '2026-10-21'::timestamptz + g * interval '4 hours' as s) t
where c.property_id in ('00000000-0000-4000-8000-00000000d1a1', '00000000-0000-4000-8000-00000000d1a2');
insert into public.widget_sessions (id, property_id, created_at)
select gen_random_uuid(), p.id, '2026-10-20'::timestamptz + g * interval '3 hours'
from public.properties p cross join generate_series(0, 280) g
where p.id in ('00000000-0000-4000-8000-00000000d1a1', '00000000-0000-4000-8000-00000000d1a2');
insert into public.leads (property_id, email, created_at)
select p.id, 'rollup' || g || '@example.com', '2026-10-20'::timestamptz + g * interval '7 hours'
from public.properties p cross join generate_series(0, 120) g
where p.id in ('00000000-0000-4000-8000-00000000d1a1', '00000000-0000-4000-8000-00000000d1a2');

-- What differs between the rollup's answer and the raw one ('' when none), for the scope
-- the claims give (none: postgres, every property, narrowed to the two).
create function pg_temp.diff(p_from timestamptz, p_to timestamptz) returns text language sql as $$
  select coalesce(string_agg(x.side || ' ' || x.metric || '=' || coalesce(x.value::text, '-') || ' ' || x.state
      || ' ' || coalesce(x.numerator::text, '-') || '/' || coalesce(x.denominator::text, '-'), '; ' order by x.metric, x.side), '')
  from (
    (select 'rollup' as side, * from lumaleasing.period_metrics(p_from, p_to, '{00000000-0000-4000-8000-00000000d1a1,00000000-0000-4000-8000-00000000d1a2}')
     except select 'rollup', * from lumaleasing.period_metrics_raw(p_from, p_to, '{00000000-0000-4000-8000-00000000d1a1,00000000-0000-4000-8000-00000000d1a2}'))
    union all
    (select 'raw', * from lumaleasing.period_metrics_raw(p_from, p_to, '{00000000-0000-4000-8000-00000000d1a1,00000000-0000-4000-8000-00000000d1a2}')
     except select 'raw', * from lumaleasing.period_metrics(p_from, p_to, '{00000000-0000-4000-8000-00000000d1a1,00000000-0000-4000-8000-00000000d1a2}'))
  ) x
$$;
-- The same over a set of periods: whole months, partial days at both ends, one day, a
-- period across the watermark, and empty periods (before any data, and a zero-length one).
create function pg_temp.all_same() returns text language sql as $$
  select coalesce(string_agg(p.f || '..' || p.t || ': ' || d, ' | '), '')
  from (values ('2026-10-01Z'::timestamptz, '2026-12-01Z'::timestamptz), ('2026-11-01Z', '2026-11-30Z'),
    ('2026-10-28 13:30Z', '2026-11-17 06:00Z'), ('2026-11-03Z', '2026-11-04Z'), ('2026-11-14 12:00Z', '2026-11-15 12:00Z'),
    ('2026-11-10 00:00:00.000001Z', '2026-11-12 23:59:59.999999Z'), ('2025-01-01Z', '2025-02-01Z'),
    ('2026-11-05Z', '2026-11-05Z'), ('2026-10-26Z', '2026-11-02Z')) p(f, t)
  cross join lateral (select pg_temp.diff(p.f, p.t) as d) x
  where x.d <> ''
$$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.metric_daily'::regclass),
  'row-level security is enabled and forced on metric_daily');
select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.metric_rollup_state'::regclass),
  'row-level security is enabled and forced on metric_rollup_state');
select is((select count(*)::int from information_schema.role_table_grants
  where table_schema = 'public' and table_name in ('metric_daily', 'metric_rollup_state')
    and grantee in ('lumaleasing_property', 'lumaleasing_portfolio', 'lumaleasing_jobs', 'lumaleasing_api', 'anon', 'authenticated', 'PUBLIC')),
  0, 'no request role has any right on the rollup tables');

select is((select count(*)::int from public.metric_daily where property_id = '00000000-0000-4000-8000-00000000d1a1'), 0,
  'nothing is rolled up while the seeded days are open');
select is(pg_temp.all_same(), '', 'all open: the same answers (read live)');

-- The job closes the days before 2026-11-15.
select is(lumaleasing.close_metric_days('2026-11-15'), 45, 'the job closes 45 days');
select is((select through from public.metric_rollup_state), '2026-11-15'::date, 'the watermark moves to 2026-11-15');
select ok((select count(*) from public.metric_daily where property_id = '00000000-0000-4000-8000-00000000d1a1') > 20,
  'one row per property and day with something in it');
select is((select sum(load_n)::int from public.metric_daily where property_id = '00000000-0000-4000-8000-00000000d1a1'),
  (select count(*)::int from public.metric_events where property_id = '00000000-0000-4000-8000-00000000d1a1'
    and kind = 'calendar_load' and at < '2026-11-15Z'), 'every load before the watermark is counted once');
select is(lumaleasing.close_metric_days('2026-11-15'), 0, 'closing again closes nothing');
select is(pg_temp.all_same(), '', 'half closed: the same answers for every period');
select is(pg_temp.diff('2026-11-01Z', '2026-11-15Z'), '', 'a period of closed days only');

-- Late writes into closed days move the rollup in the same statement.
insert into public.metric_events (property_id, kind, outcome, detail, value_ms, at) values
  ('00000000-0000-4000-8000-00000000d1a1', 'calendar_load', 'ok', null, 99999, '2026-11-03 10:00Z'),
  ('00000000-0000-4000-8000-00000000d1a1', 'google_api', 'fail', 'freebusy', null, '2026-11-03 10:01Z'),
  ('00000000-0000-4000-8000-00000000d1a2', 'booking_attempt', '5xx', 'widget', null, '2026-11-04 10:01Z');
select is(pg_temp.diff('2026-11-01Z', '2026-11-15Z'), '', 'a back-filled event is counted at once');
update public.tour_bookings set status = 'no_show'
where property_id = '00000000-0000-4000-8000-00000000d1a1' and status = 'completed' and start_at < '2026-11-08Z';
update public.tour_bookings set source = 'phone'
where property_id = '00000000-0000-4000-8000-00000000d1a2' and created_at between '2026-11-02Z' and '2026-11-03Z';
select is(pg_temp.diff('2026-10-01Z', '2026-12-01Z'), '', 'past tours marked no-show, or re-sourced: counted at once');
delete from public.leads where property_id = '00000000-0000-4000-8000-00000000d1a2' and created_at < '2026-11-01Z';
delete from public.widget_sessions where property_id = '00000000-0000-4000-8000-00000000d1a1' and created_at < '2026-10-25Z';
select is(pg_temp.diff('2026-10-01Z', '2026-12-01Z'), '', 'deleted leads and sessions: taken away at once');
delete from public.metric_events where property_id = '00000000-0000-4000-8000-00000000d1a1' and kind = 'calendar_load'
  and at between '2026-11-03Z' and '2026-11-05Z';
select is(pg_temp.diff('2026-11-01Z', '2026-11-15Z'), '', 'deleted load times leave the p95');
select is((select sum(cardinality(load_ms))::int from public.metric_daily where property_id = '00000000-0000-4000-8000-00000000d1a1'),
  (select count(value_ms)::int from public.metric_events where property_id = '00000000-0000-4000-8000-00000000d1a1'
    and kind = 'calendar_load' and at < '2026-11-15Z'), 'the stored load times are exactly the remaining ones');
select is(pg_temp.all_same(), '', 'after the late writes: the same answers for every period');

-- The organization's scope (claims) and the whole series week by week.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000d0a1"}', true); end $$;
select is((select string_agg(metric || '=' || coalesce(value::text, '-'), ' ' order by metric) from lumaleasing.period_metrics('2026-10-01Z', '2026-12-01Z')),
  (select string_agg(metric || '=' || coalesce(value::text, '-'), ' ' order by metric) from lumaleasing.period_metrics_raw('2026-10-01Z', '2026-12-01Z')),
  'the organization: the same answers');
select is((select count(*)::int from (select * from lumaleasing.weekly_metrics(8, '2026-11-20 15:00Z')
    except select w.start, m.* from generate_series(0, 7) g
    cross join lateral (select date_trunc('week', '2026-11-20 15:00Z'::timestamptz at time zone 'UTC') at time zone 'UTC'
      - make_interval(weeks => g) as start) w
    cross join lateral lumaleasing.period_metrics_raw(w.start, least(w.start + interval '7 days', '2026-11-20 15:00Z'::timestamptz)) m) d),
  0, 'weekly: every week the same as the raw answer');
do $$ begin perform set_config('request.jwt.claims', '', true); end $$;

-- The job closes the rest; still the same.
select ok(lumaleasing.close_metric_days() > 0, 'the job closes the days up to today');
select is(pg_temp.all_same(), '', 'all closed: the same answers for every period');
select is(pg_temp.diff('2026-10-01Z', '2026-12-01Z'), '', 'the whole history, closed');

-- The scheduled job.
select is((select command from cron.job where jobname = 'lumaleasing-metric-days'), 'select lumaleasing.close_metric_days()',
  'pg_cron closes the days every hour');

select * from finish();
rollback;
