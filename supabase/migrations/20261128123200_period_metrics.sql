-- The success metrics for a period [p_from, p_to), each beside its target, with pass, fail or
-- no_data (nothing to divide by is no_data, never an error). The caller's claims decide the
-- scope: a property's request sees its property, a portfolio read its organization's,
-- postgres everything; p_property_ids narrows further (null: every property in scope).
--
--   token_refresh_success   % of token refresh attempts that refreshed (calendar_token_refreshes)     > 99
--   google_api_success      % of Google calls that succeeded (metric_events google_api)                > 99.5
--   calendar_load_p95_ms    p95 of the widget's intent-to-interactive-calendar time (beacon)           < 2000
--   booking_success         % of booking attempts with valid input answered 201 (422 and other 4xx
--                           are the caller's input, not counted; 409, 429, 5xx count as failures)    > 95
--   reminder_delivery       % of reminder emails and texts sent of those that finished (sent or dead;
--                           skipped ones, e.g. SMS not configured, are not counted)                    > 98
--   calendar_connected_share % of properties with a connected calendar whose grant works (now)        > 70
--   widget_tours_per_month  tours booked through the widget per property per 30-day month             >= 10
--   no_show_rate            % no-shows of the tours in the period with an outcome                      < 20
--   lead_capture_rate       leads captured / widget sessions started, in %                            > 35
create or replace function lumaleasing.period_metrics(p_from timestamptz, p_to timestamptz, p_property_ids uuid[] default null)
returns table (metric text, value numeric, unit text, target text, state text, numerator numeric, denominator numeric)
language sql stable security definer set search_path = '' as $$
  with claims as (
    select nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb as c
  ),
  -- Who may see what, decided here (the definer reads past row security, so the tables are
  -- joined to this scope instead of filtered row by row): a property's request its property,
  -- a portfolio read its organization's, a login that bypasses row security (postgres: the
  -- CLI) every property; anyone else nothing.
  allowed as (
    select p.id from public.properties p, claims
    where case
      when claims.c ? 'property_id' then p.id = lumaleasing.current_property_id()
      when claims.c ? 'organization_id' then p.organization_id = lumaleasing.current_organization_id()
      else coalesce((select r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = session_user), false)
    end
  ),
  scope as (
    select a.id from allowed a where p_property_ids is null or a.id = any (p_property_ids)
  ),
  ids as (select count(*) as n from scope),
  refreshes as (
    select count(*) filter (where r.outcome = 'refreshed') as ok, count(*) as n
    from public.calendar_token_refreshes r join scope s on s.id = r.property_id
    where r.attempted_at >= p_from and r.attempted_at < p_to
  ),
  events as (
    select
      count(*) filter (where e.kind = 'google_api' and e.outcome = 'ok') as google_ok,
      count(*) filter (where e.kind = 'google_api') as google_n,
      percentile_cont(0.95) within group (order by e.value_ms) filter (where e.kind = 'calendar_load') as load_p95,
      count(*) filter (where e.kind = 'calendar_load') as load_n,
      count(*) filter (where e.kind = 'booking_attempt' and e.outcome = '201') as book_ok,
      count(*) filter (where e.kind = 'booking_attempt' and e.outcome in ('201', '409', '429', '5xx')) as book_n,
      count(*) filter (where e.kind = 'delivery' and e.detail like '%:tour\_reminder\_%' and e.outcome = 'sent') as remind_ok,
      count(*) filter (where e.kind = 'delivery' and e.detail like '%:tour\_reminder\_%' and e.outcome in ('sent', 'dead')) as remind_n
    from public.metric_events e join scope s on s.id = e.property_id
    where e.at >= p_from and e.at < p_to
  ),
  connected as (
    select count(*) filter (where exists (
      select 1 from public.agent_calendars c where c.property_id = s.id and c.disconnected_at is null
        and c.token_status in ('healthy', 'expiring'))) as ok, count(*) as n
    from scope s
  ),
  tours as (
    select
      count(*) filter (where b.source = 'widget' and b.created_at >= p_from and b.created_at < p_to) as widget_booked,
      count(*) filter (where b.status = 'no_show' and b.start_at >= p_from and b.start_at < p_to) as no_show,
      count(*) filter (where b.status in ('no_show', 'completed') and b.start_at >= p_from and b.start_at < p_to) as outcome_n
    from public.tour_bookings b join scope s on s.id = b.property_id
    where ((b.created_at >= p_from and b.created_at < p_to) or (b.start_at >= p_from and b.start_at < p_to))
  ),
  leads as (
    select count(*) as n from public.leads l join scope s on s.id = l.property_id
    where l.created_at >= p_from and l.created_at < p_to
  ),
  sessions as (
    select count(*) as n from public.widget_sessions w join scope s on s.id = w.property_id
    where w.created_at >= p_from and w.created_at < p_to
  ),
  months as (select extract(epoch from (p_to - p_from)) / (30 * 86400.0) as m),
  raw (metric, unit, target, higher_is_better, goal, numerator, denominator, direct, ord) as (
    select 'token_refresh_success', '%', '> 99', true, 99::numeric, r.ok::numeric, r.n::numeric, null::numeric, 1 from refreshes r
    union all select 'google_api_success', '%', '> 99.5', true, 99.5, e.google_ok, e.google_n, null, 2 from events e
    union all select 'calendar_load_p95_ms', 'ms', '< 2000', false, 2000, null, e.load_n,
      case when e.load_n > 0 then round(e.load_p95::numeric, 0) end, 3 from events e
    union all select 'booking_success', '%', '> 95', true, 95, e.book_ok, e.book_n, null, 4 from events e
    union all select 'reminder_delivery', '%', '> 98', true, 98, e.remind_ok, e.remind_n, null, 5 from events e
    union all select 'calendar_connected_share', '%', '> 70', true, 70, c.ok, c.n, null, 6 from connected c
    union all select 'widget_tours_per_month', 'tours/property/month', '>= 10', true, 10, t.widget_booked,
      case when m.m > 0 and i.n > 0 then (i.n * m.m)::numeric else 0 end,
      case when m.m > 0 and i.n > 0 then round(t.widget_booked / (i.n * m.m)::numeric, 2) end, 7 from tours t, months m, ids i
    union all select 'no_show_rate', '%', '< 20', false, 20, t.no_show, t.outcome_n, null, 8 from tours t
    union all select 'lead_capture_rate', '%', '> 35', true, 35, l.n, s.n, null, 9 from leads l, sessions s
  ),
  valued as (
    select r.*, coalesce(r.direct, case when r.denominator > 0 then round(100 * r.numerator / r.denominator, 2) end) as v
    from raw r
  )
  select v.metric, v.v, v.unit, v.target,
    case when v.v is null or v.denominator is null or v.denominator = 0 then 'no_data'
      when v.metric = 'widget_tours_per_month' then case when v.v >= v.goal then 'pass' else 'fail' end
      when v.higher_is_better then case when v.v > v.goal then 'pass' else 'fail' end
      else case when v.v < v.goal then 'pass' else 'fail' end end,
    v.numerator, v.denominator
  from valued v order by v.ord
$$;

-- The same, week by week: the last p_weeks whole or current weeks (Monday 00:00 UTC) up to p_now.
create or replace function lumaleasing.weekly_metrics(p_weeks int, p_now timestamptz, p_property_ids uuid[] default null)
returns table (week_start timestamptz, metric text, value numeric, unit text, target text, state text, numerator numeric, denominator numeric)
language sql stable set search_path = '' as $$
  select w.start, m.metric, m.value, m.unit, m.target, m.state, m.numerator, m.denominator
  from generate_series(0, greatest(least(p_weeks, 52), 1) - 1) as g(i)
  cross join lateral (select pg_catalog.date_trunc('week', p_now at time zone 'UTC') at time zone 'UTC'
    - pg_catalog.make_interval(weeks => g.i) as start) w
  cross join lateral lumaleasing.period_metrics(w.start, least(w.start + interval '7 days', p_now), p_property_ids) m
  order by w.start, m.metric
$$;

revoke all on function lumaleasing.period_metrics(timestamptz, timestamptz, uuid[]),
  lumaleasing.weekly_metrics(int, timestamptz, uuid[]) from public;
grant execute on function lumaleasing.period_metrics(timestamptz, timestamptz, uuid[]),
  lumaleasing.weekly_metrics(int, timestamptz, uuid[]) to lumaleasing_property, lumaleasing_portfolio;

-- Tours by when they were booked (the widget's tours per month) as well as by their start.
create index if not exists tour_bookings_property_created on public.tour_bookings (property_id, created_at);
create index if not exists leads_property_created on public.leads (property_id, created_at);
create index if not exists widget_sessions_property_created on public.widget_sessions (property_id, created_at);
create index if not exists calendar_token_refreshes_property_at on public.calendar_token_refreshes (property_id, attempted_at);
