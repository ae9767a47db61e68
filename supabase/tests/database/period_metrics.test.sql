-- The success metrics computed in SQL: a seeded history of known outcomes gives exactly the
-- expected values and states, for a property and for its organization; an empty period is
-- no_data (nothing divides by zero); another organization sees none of it; metric_events
-- is row-secured like the rest.
begin;
create extension if not exists pgtap;
select plan(19);

insert into public.organizations (id, name) values
  ('00000000-0000-4000-8000-00000000b0a1', 'Metrics Org A'),
  ('00000000-0000-4000-8000-00000000b0b1', 'Metrics Org B');
insert into public.properties (id, name, time_zone, organization_id) values
  ('00000000-0000-4000-8000-00000000b1a1', 'Metrics M1', 'America/Chicago', '00000000-0000-4000-8000-00000000b0a1'),
  ('00000000-0000-4000-8000-00000000b1a2', 'Metrics M2', 'America/Chicago', '00000000-0000-4000-8000-00000000b0a1');
insert into public.agent_calendars (id, property_id, account_email, token_status, disconnected_at) values
  ('00000000-0000-4000-8000-00000000b2a1', '00000000-0000-4000-8000-00000000b1a1', 'm1@example.com', 'healthy', null),
  ('00000000-0000-4000-8000-00000000b2a2', '00000000-0000-4000-8000-00000000b1a2', 'm2@example.com', 'revoked', null);

-- M1 in November 2026 (30 days, so one month).
-- Token refreshes: 199 refreshed, 1 invalid_grant → 99.5 % (pass: > 99); one in December, outside.
insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome)
select '00000000-0000-4000-8000-00000000b1a1', '00000000-0000-4000-8000-00000000b2a1', '2026-11-05'::timestamptz + g * interval '1 minute',
  'request', case when g = 0 then 'invalid_grant' else 'refreshed' end
from generate_series(0, 199) g;
insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome) values
  ('00000000-0000-4000-8000-00000000b1a1', '00000000-0000-4000-8000-00000000b2a1', '2026-12-01 00:00Z', 'request', 'error');
-- Google calls: 199 ok, 1 fail → 99.5 % (fail: needs > 99.5).
insert into public.metric_events (property_id, kind, outcome, detail, at)
select '00000000-0000-4000-8000-00000000b1a1', 'google_api', case when g = 0 then 'fail' else 'ok' end, 'freebusy',
  '2026-11-06'::timestamptz + g * interval '1 minute' from generate_series(0, 199) g;
-- Calendar loads 100, 200, … 2000 ms → p95 1905 ms (pass: < 2000).
insert into public.metric_events (property_id, kind, outcome, value_ms, at)
select '00000000-0000-4000-8000-00000000b1a1', 'calendar_load', 'ok', g * 100, '2026-11-07'::timestamptz + g * interval '1 minute'
from generate_series(1, 20) g;
-- Booking attempts: 19 × 201, 1 × 409, 3 × 422 (not counted) → 95 % (fail: needs > 95).
insert into public.metric_events (property_id, kind, outcome, detail, at)
select '00000000-0000-4000-8000-00000000b1a1', 'booking_attempt', case when g < 19 then '201' when g = 19 then '409' else '422' end,
  'widget', '2026-11-08'::timestamptz + g * interval '1 minute' from generate_series(0, 22) g;
-- Reminders: 99 sent, 1 dead, 2 retried, 1 skipped, and a confirmation (not a reminder) dead → 99 % (pass).
insert into public.metric_events (property_id, kind, outcome, detail, at)
select '00000000-0000-4000-8000-00000000b1a1', 'delivery',
  case when g < 99 then 'sent' when g = 99 then 'dead' when g < 102 then 'failed' else 'skipped' end,
  case when g % 2 = 0 then 'email:tour_reminder_24h' else 'sms:tour_reminder_1h' end,
  '2026-11-09'::timestamptz + g * interval '1 minute' from generate_series(0, 102) g;
insert into public.metric_events (property_id, kind, outcome, detail, at) values
  ('00000000-0000-4000-8000-00000000b1a1', 'delivery', 'dead', 'email:tour_confirmation', '2026-11-09 12:00Z');
-- Tours: 12 booked through the widget and 2 by the office in November, starting in November;
-- outcomes 1 no-show, 9 completed, 4 still confirmed → 12 tours/month (pass), no-shows 10 % (pass).
insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, status, source,
  first_name, last_name, email, created_at)
select '00000000-0000-4000-8000-00000000b1a1', '00000000-0000-4000-8000-00000000b2a1',
  '2026-11-10'::timestamptz + g * interval '1 hour', '2026-11-10'::timestamptz + g * interval '1 hour' + interval '30 minutes',
  tstzrange('2026-11-10'::timestamptz + g * interval '1 hour', '2026-11-10'::timestamptz + g * interval '1 hour' + interval '45 minutes'),
  case when g = 0 then 'no_show' when g < 10 then 'completed' else 'confirmed' end,
  case when g < 12 then 'widget' else 'phone' end, 'T', 'T', 't@example.com', '2026-11-02'::timestamptz + g * interval '1 hour'
from generate_series(0, 13) g;
-- Leads 4 of 10 widget sessions → 40 % (pass).
insert into public.widget_sessions (id, property_id, created_at)
select gen_random_uuid(), '00000000-0000-4000-8000-00000000b1a1', '2026-11-03'::timestamptz + g * interval '1 hour' from generate_series(1, 10) g;
insert into public.leads (property_id, email, created_at)
select '00000000-0000-4000-8000-00000000b1a1', 'lead' || g || '@example.com', '2026-11-03'::timestamptz + g * interval '1 hour'
from generate_series(1, 4) g;
-- M2: one Google call that failed, 6 sessions and no leads.
insert into public.metric_events (property_id, kind, outcome, detail, at) values
  ('00000000-0000-4000-8000-00000000b1a2', 'google_api', 'fail', 'freebusy', '2026-11-06 12:00Z');
insert into public.widget_sessions (id, property_id, created_at)
select gen_random_uuid(), '00000000-0000-4000-8000-00000000b1a2', '2026-11-03'::timestamptz + g * interval '1 hour' from generate_series(1, 6) g;

create function pg_temp.m(p_from timestamptz, p_to timestamptz) returns text language sql as $$
  select string_agg(metric || '=' || coalesce(value::text, '-') || ':' || state, ' ' order by metric)
  from lumaleasing.period_metrics(p_from, p_to)
$$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.metric_events'::regclass),
  'row-level security is enabled and forced on metric_events');

-- As M1's own request.
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-00000000b1a1"}', true); end $$;
set local role lumaleasing_property;
create temp table m1 as select * from lumaleasing.period_metrics('2026-11-01Z', '2026-12-01Z');
select is((select count(*)::int from m1), 9, 'nine metrics');
select is((select value || ' ' || state from m1 where metric = 'token_refresh_success'), '99.50 pass', 'token refresh 199/200 = 99.5 % passes > 99');
select is((select value || ' ' || state from m1 where metric = 'google_api_success'), '99.50 fail', 'Google 199/200 = 99.5 % fails > 99.5');
select is((select value || ' ' || state from m1 where metric = 'calendar_load_p95_ms'), '1905 pass', 'calendar load p95 1905 ms passes < 2000');
select is((select value || ' ' || state || ' ' || numerator || '/' || denominator from m1 where metric = 'booking_success'),
  '95.00 fail 19/20', 'booking 19/20 (422s not counted) = 95 % fails > 95');
select is((select value || ' ' || state from m1 where metric = 'reminder_delivery'), '99.00 pass', 'reminders 99/100 pass > 98');
select is((select value || ' ' || state from m1 where metric = 'calendar_connected_share'), '100.00 pass', 'M1 has a working calendar');
select is((select value || ' ' || state from m1 where metric = 'widget_tours_per_month'), '12.00 pass', '12 widget tours in 30 days');
select is((select value || ' ' || state from m1 where metric = 'no_show_rate'), '10.00 pass', '1 no-show of 10 outcomes');
select is((select value || ' ' || state from m1 where metric = 'lead_capture_rate'), '40.00 pass', '4 leads of 10 sessions');
select is(pg_temp.m('2025-01-01Z', '2025-02-01Z'),
  'booking_success=-:no_data calendar_connected_share=100.00:pass calendar_load_p95_ms=-:no_data google_api_success=-:no_data '
  || 'lead_capture_rate=-:no_data no_show_rate=-:no_data reminder_delivery=-:no_data token_refresh_success=-:no_data widget_tours_per_month=0.00:fail',
  'an empty period: no_data where nothing was measured, zero tours a month fails, no division by zero');
select is((select count(*)::int from public.metric_events), 347, 'M1 reads only its own metric events');
reset role;

-- As organization A's portfolio: both properties together.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000b0a1"}', true); end $$;
set local role lumaleasing_portfolio;
create temp table oa as select * from lumaleasing.period_metrics('2026-11-01Z', '2026-12-01Z');
select is((select value || ' ' || state from oa where metric = 'google_api_success'), '99.00 fail', 'the organization: Google 199/201');
select is((select value || ' ' || state from oa where metric = 'calendar_connected_share'), '50.00 fail', 'one of two properties connected');
select is((select value || ' ' || state from oa where metric = 'widget_tours_per_month'), '6.00 fail', '12 tours over two properties');
select is((select value || ' ' || state from oa where metric = 'lead_capture_rate'), '25.00 fail', '4 leads of 16 sessions');
reset role;

-- Organization B sees none of A's.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000b0b1"}', true); end $$;
set local role lumaleasing_portfolio;
select is((select count(*)::int from lumaleasing.period_metrics('2026-11-01Z', '2026-12-01Z') where state <> 'no_data'), 0,
  'organization B: every metric is no_data');
reset role;

-- Weekly: 12 weeks of 9 metrics.
select is((select count(*)::int from lumaleasing.weekly_metrics(12, '2026-11-30 12:00Z',
  array['00000000-0000-4000-8000-00000000b1a1']::uuid[])), 108, 'weekly: 12 weeks × 9 metrics');

select * from finish();
rollback;
