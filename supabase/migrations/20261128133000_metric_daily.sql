-- The success metrics at scale: a per-property, per-day (UTC) rollup of everything the
-- metrics count, so a period reads one row per property and closed day instead of every
-- tour and event. `lumaleasing.period_metrics` reads closed days (before the watermark
-- `metric_rollup_state.through`) from the rollup and the rest — the partial days at either
-- end of the period and the days not yet closed (today) — live from the raw tables, so its
-- answers are the same as before (`lumaleasing.period_metrics_raw` keeps the old way, for
-- tests and the benchmark to compare).
--
-- Kept current two ways:
--  * an hourly pg_cron job closes the days before today (30 minutes after midnight UTC), each
--    from the raw rows, and moves the watermark;
--  * a row written, changed or deleted later in a day already closed (an office marking a
--    past tour's outcome, a back-filled event) changes the rollup in the same statement, by
--    delta (statement triggers with transition tables). A write in a day still open costs a
--    minimum check and nothing else.
-- The job and the late writers order themselves with an advisory lock (writers shared, the
-- job exclusive), so a late write is either seen by the job's read or applied as a delta.

create table if not exists public.metric_daily (
  property_id uuid not null references public.properties (id) on delete cascade,
  day date not null,
  refresh_ok int not null default 0,
  refresh_n int not null default 0,
  google_ok int not null default 0,
  google_n int not null default 0,
  book_ok int not null default 0,
  book_n int not null default 0,
  remind_ok int not null default 0,
  remind_n int not null default 0,
  load_n int not null default 0,
  -- The day's calendar load times (ms), unordered: a p95 needs the values, not a sum.
  load_ms int[] not null default '{}',
  widget_booked int not null default 0,
  no_show int not null default 0,
  outcome_n int not null default 0,
  leads_n int not null default 0,
  sessions_n int not null default 0,
  primary key (property_id, day)
);

create table if not exists public.metric_rollup_state (
  id boolean primary key default true check (id),
  -- Days before this one (UTC) are in metric_daily.
  through date not null
);

alter table public.metric_daily enable row level security;
alter table public.metric_daily force row level security;
alter table public.metric_rollup_state enable row level security;
alter table public.metric_rollup_state force row level security;
revoke all on public.metric_daily, public.metric_rollup_state from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.metric_daily, public.metric_rollup_state from anon, authenticated;
  end if;
end $$;
-- No request role reads or writes these tables: only the definer functions below (the
-- metrics, the job, the triggers) do. Without a policy, row security refuses everyone else.

-- ---------------------------------------------------------------- the raw contributions

-- The columns each source owns (load_ms apart: it is a list, not a count).
create or replace function lumaleasing.metric_daily_columns(p_source text) returns text[]
language sql immutable set search_path = '' as $$
  select case p_source
    when 'refreshes' then array['refresh_ok', 'refresh_n']
    when 'events' then array['google_ok', 'google_n', 'book_ok', 'book_n', 'remind_ok', 'remind_n', 'load_n']
    when 'tours' then array['widget_booked', 'no_show', 'outcome_n']
    when 'leads' then array['leads_n']
    when 'sessions' then array['sessions_n']
  end
$$;

-- One row per source row and day it counts in: property_id, day, the source's counts (each
-- 0 or ±1, times p_sign), lv (a load time, or null) and sg (p_sign). From p_rel (the table,
-- or a trigger's transition table), the rows whose timestamp is in [$1, $2).
create or replace function lumaleasing.metric_daily_rows_sql(p_source text, p_rel text, p_sign int) returns text
language sql immutable set search_path = '' as $$
  select case p_source
    when 'refreshes' then format($q$
      select r.property_id, (r.attempted_at at time zone 'UTC')::date as day,
        %1$s * (r.outcome = 'refreshed')::int as refresh_ok, %1$s as refresh_n, null::int as lv, %1$s as sg
      from %2$s r where r.attempted_at >= $1 and r.attempted_at < $2$q$, p_sign, p_rel)
    when 'events' then format($q$
      select e.property_id, (e.at at time zone 'UTC')::date as day,
        %1$s * (e.kind = 'google_api' and e.outcome = 'ok')::int as google_ok,
        %1$s * (e.kind = 'google_api')::int as google_n,
        %1$s * (e.kind = 'booking_attempt' and e.outcome = '201')::int as book_ok,
        %1$s * (e.kind = 'booking_attempt' and e.outcome in ('201', '409', '429', '5xx'))::int as book_n,
        %1$s * coalesce(e.kind = 'delivery' and e.detail like '%%:tour\_reminder\_%%' and e.outcome = 'sent', false)::int as remind_ok,
        %1$s * coalesce(e.kind = 'delivery' and e.detail like '%%:tour\_reminder\_%%' and e.outcome in ('sent', 'dead'), false)::int as remind_n,
        %1$s * (e.kind = 'calendar_load')::int as load_n,
        case when e.kind = 'calendar_load' then e.value_ms end as lv, %1$s as sg
      from %2$s e where e.at >= $1 and e.at < $2$q$, p_sign, p_rel)
    when 'tours' then format($q$
      select b.property_id, (b.created_at at time zone 'UTC')::date as day, %1$s as widget_booked, 0 as no_show,
        0 as outcome_n, null::int as lv, %1$s as sg
      from %2$s b where b.source = 'widget' and b.created_at >= $1 and b.created_at < $2
      union all
      select b.property_id, (b.start_at at time zone 'UTC')::date, 0, %1$s * (b.status = 'no_show')::int, %1$s, null::int, %1$s
      from %2$s b where b.status in ('no_show', 'completed') and b.start_at >= $1 and b.start_at < $2$q$, p_sign, p_rel)
    when 'leads' then format($q$
      select l.property_id, (l.created_at at time zone 'UTC')::date as day, %1$s as leads_n, null::int as lv, %1$s as sg
      from %2$s l where l.created_at >= $1 and l.created_at < $2$q$, p_sign, p_rel)
    when 'sessions' then format($q$
      select w.property_id, (w.created_at at time zone 'UTC')::date as day, %1$s as sessions_n, null::int as lv, %1$s as sg
      from %2$s w where w.created_at >= $1 and w.created_at < $2$q$, p_sign, p_rel)
  end
$$;

-- Adds the rows of p_rels (each with its sign: 1 adds, -1 takes away) in days [$1, $2) to
-- the rollup, one statement; a property-day whose counts net to nothing is not touched, and
-- rows of a property that no longer exists (a cascade from its deletion) are skipped. Load
-- times taken away are removed by metric_daily_unload_sql.
create or replace function lumaleasing.metric_daily_upsert_sql(p_source text, p_rels text[], p_signs int[]) returns text
language sql immutable set search_path = '' as $$
  select format($q$
    insert into public.metric_daily as m (property_id, day, %1$s%2$s)
    select c.property_id, c.day, %1$s%2$s from (
      select r.property_id, r.day, %3$s%4$s from (%5$s) r group by 1, 2
    ) c
    where (%6$s%7$s) and exists (select 1 from public.properties p where p.id = c.property_id)
    order by c.property_id, c.day
    on conflict (property_id, day) do update set %8$s%9$s$q$,
    pg_catalog.array_to_string(cols, ', '),
    case when p_source = 'events' then ', load_ms' else '' end,
    (select pg_catalog.string_agg(format('coalesce(sum(r.%1$I), 0)::int as %1$I', col), ', ') from unnest(cols) col),
    case when p_source = 'events'
      then ', coalesce(pg_catalog.array_agg(r.lv) filter (where r.lv is not null and r.sg > 0), ''{}'') as load_ms' else '' end,
    (select pg_catalog.string_agg(lumaleasing.metric_daily_rows_sql(p_source, rel, sg), ' union all ')
      from unnest(p_rels, p_signs) x(rel, sg)),
    (select pg_catalog.string_agg(format('c.%I <> 0', col), ' or ') from unnest(cols) col),
    case when p_source = 'events' then ' or cardinality(c.load_ms) > 0' else '' end,
    (select pg_catalog.string_agg(format('%1$I = m.%1$I + excluded.%1$I', col), ', ') from unnest(cols) col),
    case when p_source = 'events' then ', load_ms = m.load_ms || excluded.load_ms' else '' end)
  from (select lumaleasing.metric_daily_columns(p_source) as cols) c
$$;

-- Removes the load times of p_rel's rows in days [$1, $2) (each value once per row).
create or replace function lumaleasing.metric_daily_unload_sql(p_rel text) returns text
language sql immutable set search_path = '' as $$
  select format($q$
    update public.metric_daily m
    set load_ms = coalesce(array(select x from unnest(m.load_ms) x except all select y from unnest(d.load_del) y), '{}')
    from (select r.property_id, r.day, pg_catalog.array_agg(r.lv) as load_del from (%s) r where r.lv is not null group by 1, 2) d
    where m.property_id = d.property_id and m.day = d.day$q$,
    lumaleasing.metric_daily_rows_sql('events', p_rel, -1))
$$;

-- ---------------------------------------------------------------- closing days

create or replace function lumaleasing.metric_rollup_lock_key() returns bigint
language sql immutable set search_path = '' as $$ select 7305123300::bigint $$;

-- Closes the days before p_until (default: today UTC, 30 minutes after midnight), all of
-- them from the raw rows; answers how many days it closed. Safe to run at any time and twice.
create or replace function lumaleasing.close_metric_days(p_until date default null) returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_until date := coalesce(p_until, ((pg_catalog.now() - interval '30 minutes') at time zone 'UTC')::date);
  v_through date;
  v_source text;
  v_from timestamptz;
  v_to timestamptz;
begin
  -- Waits for late writers still running (they hold the lock shared); the reads below are
  -- new statements, so they see what those writers committed.
  perform pg_catalog.pg_advisory_xact_lock(lumaleasing.metric_rollup_lock_key());
  select s.through into v_through from public.metric_rollup_state s for update;
  if v_through is null or v_through >= v_until then return 0; end if;
  v_from := v_through::timestamp at time zone 'UTC';
  v_to := v_until::timestamp at time zone 'UTC';
  delete from public.metric_daily where day >= v_through and day < v_until;
  foreach v_source in array array['refreshes', 'events', 'tours', 'leads', 'sessions'] loop
    execute lumaleasing.metric_daily_upsert_sql(v_source, array[format('public.%I', case v_source
      when 'refreshes' then 'calendar_token_refreshes' when 'events' then 'metric_events' when 'tours' then 'tour_bookings'
      when 'leads' then 'leads' else 'widget_sessions' end)], array[1])
    using v_from, v_to;
  end loop;
  update public.metric_rollup_state set through = v_until;
  return v_until - v_through;
end $$;
revoke all on function lumaleasing.close_metric_days(date) from public;

-- ---------------------------------------------------------------- late writes

-- A statement trigger on each source table (INSERT, UPDATE and DELETE, with transition
-- tables): rows in a closed day move the rollup by their delta; rows in open days only.
create or replace function lumaleasing.metric_daily_track() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_source text := tg_argv[0];
  v_ts text[] := case v_source
    when 'refreshes' then array['attempted_at'] when 'events' then array['at']
    when 'tours' then array['created_at', 'start_at'] else array['created_at'] end;
  v_rels text[] := case tg_op when 'INSERT' then array['new_rows'] when 'DELETE' then array['old_rows']
    else array['old_rows', 'new_rows'] end;
  v_rel text;
  v_min timestamptz;
  v_earliest timestamptz;
  v_through date;
  v_to timestamptz;
begin
  foreach v_rel in array v_rels loop
    execute format('select least(%s) from %I', (select pg_catalog.string_agg(format('min(%I)', c), ', ') from unnest(v_ts) c), v_rel)
      into v_min;
    v_earliest := least(v_earliest, v_min);
  end loop;
  -- Nothing before today (UTC, when this transaction started): no day of these rows can be
  -- closed before the transaction ends (days close 30 minutes after they end).
  if v_earliest is null or v_earliest >= (((pg_catalog.now() at time zone 'UTC')::date)::timestamp at time zone 'UTC') then
    return null;
  end if;
  perform pg_catalog.pg_advisory_xact_lock_shared(lumaleasing.metric_rollup_lock_key());
  select s.through into v_through from public.metric_rollup_state s;
  if v_through is null then return null; end if;
  v_to := v_through::timestamp at time zone 'UTC';
  if v_earliest >= v_to then return null; end if;
  execute lumaleasing.metric_daily_upsert_sql(v_source, v_rels,
      array(select case when r = 'old_rows' then -1 else 1 end from unnest(v_rels) r))
    using '-infinity'::timestamptz, v_to;
  if v_source = 'events' and tg_op <> 'INSERT' then
    execute lumaleasing.metric_daily_unload_sql('old_rows') using '-infinity'::timestamptz, v_to;
  end if;
  return null;
end $$;
revoke all on function lumaleasing.metric_daily_track() from public;

do $$
declare
  t record;
  op text;
begin
  for t in select * from (values ('calendar_token_refreshes', 'refreshes'), ('metric_events', 'events'),
    ('tour_bookings', 'tours'), ('leads', 'leads'), ('widget_sessions', 'sessions')) v(tbl, src)
  loop
    foreach op in array array['insert', 'update', 'delete'] loop
      execute format('drop trigger if exists metric_daily_%s on public.%I', op, t.tbl);
      execute format('create trigger metric_daily_%s after %s on public.%I referencing %s for each statement
        execute function lumaleasing.metric_daily_track(%L)', op, op, t.tbl,
        case op when 'insert' then 'new table as new_rows' when 'delete' then 'old table as old_rows'
          else 'old table as old_rows new table as new_rows' end, t.src);
    end loop;
  end loop;
end $$;

-- The history so far: everything before today is closed now.
insert into public.metric_rollup_state (id, through) values (true, '1970-01-01') on conflict (id) do nothing;
select lumaleasing.close_metric_days();

select cron.schedule('lumaleasing-metric-days', '17 * * * *', $$select lumaleasing.close_metric_days()$$);

-- ---------------------------------------------------------------- the metrics

-- The previous computation, every row from the raw tables: kept to prove the rollup's
-- answers equal it (pgTAP) and to time it against (the benchmark).
alter function lumaleasing.period_metrics(timestamptz, timestamptz, uuid[]) rename to period_metrics_raw;
revoke all on function lumaleasing.period_metrics_raw(timestamptz, timestamptz, uuid[]) from public;

-- Same signature, same answers: closed whole days from metric_daily, the rest live.
create or replace function lumaleasing.period_metrics(p_from timestamptz, p_to timestamptz, p_property_ids uuid[] default null)
returns table (metric text, value numeric, unit text, target text, state text, numerator numeric, denominator numeric)
language sql stable security definer set search_path = '' as $$
  with claims as (
    select nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb as c
  ),
  -- Who may see what (as in period_metrics_raw): a property's request its property, a
  -- portfolio read its organization's, a login that bypasses row security every property.
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
  -- The closed whole days inside the period: [lo, hi).
  days as (
    select d.lo, d.hi, d.lo::timestamp at time zone 'UTC' as lo_at, d.hi::timestamp at time zone 'UTC' as hi_at
    from (
      select (p_from at time zone 'UTC')::date + case when (p_from at time zone 'UTC')::time > '00:00' then 1 else 0 end as lo,
        least((p_to at time zone 'UTC')::date, (select s.through from public.metric_rollup_state s)) as hi
    ) d
  ),
  -- The rest of the period, read live: before the closed days and after them (or all of it).
  ranges (r_from, r_to) as (
    select p_from, case when d.hi > d.lo then d.lo_at else p_to end from days d
    union all
    select d.hi_at, p_to from days d where d.hi > d.lo and d.hi_at < p_to
  ),
  daily as (
    select coalesce(sum(m.refresh_ok), 0) as refresh_ok, coalesce(sum(m.refresh_n), 0) as refresh_n,
      coalesce(sum(m.google_ok), 0) as google_ok, coalesce(sum(m.google_n), 0) as google_n,
      coalesce(sum(m.book_ok), 0) as book_ok, coalesce(sum(m.book_n), 0) as book_n,
      coalesce(sum(m.remind_ok), 0) as remind_ok, coalesce(sum(m.remind_n), 0) as remind_n,
      coalesce(sum(m.load_n), 0) as load_n,
      coalesce(sum(m.widget_booked), 0) as widget_booked, coalesce(sum(m.no_show), 0) as no_show,
      coalesce(sum(m.outcome_n), 0) as outcome_n, coalesce(sum(m.leads_n), 0) as leads_n,
      coalesce(sum(m.sessions_n), 0) as sessions_n
    from days d join public.metric_daily m on m.day >= d.lo and m.day < d.hi
    join scope s on s.id = m.property_id
  ),
  live_events as (
    select e.kind, e.outcome, e.detail, e.value_ms
    from ranges r join public.metric_events e on e.at >= r.r_from and e.at < r.r_to
      and e.kind = any ('{google_api,booking_attempt,delivery,calendar_load}'::text[])
    join scope s on s.id = e.property_id
  ),
  events as (
    select
      count(*) filter (where e.kind = 'google_api' and e.outcome = 'ok') as google_ok,
      count(*) filter (where e.kind = 'google_api') as google_n,
      count(*) filter (where e.kind = 'calendar_load') as load_n,
      count(*) filter (where e.kind = 'booking_attempt' and e.outcome = '201') as book_ok,
      count(*) filter (where e.kind = 'booking_attempt' and e.outcome in ('201', '409', '429', '5xx')) as book_n,
      count(*) filter (where e.kind = 'delivery' and e.detail like '%:tour\_reminder\_%' and e.outcome = 'sent') as remind_ok,
      count(*) filter (where e.kind = 'delivery' and e.detail like '%:tour\_reminder\_%' and e.outcome in ('sent', 'dead')) as remind_n
    from live_events e
  ),
  -- The p95 of every load time in the period, exactly as percentile_cont computes it, from a
  -- histogram (far fewer distinct values than loads).
  load_values as (
    select x.v, count(*) as n from (
      select unnest(m.load_ms) as v
      from days d join public.metric_daily m on m.day >= d.lo and m.day < d.hi and m.load_n > 0
      join scope s on s.id = m.property_id
      union all
      select e.value_ms from live_events e where e.kind = 'calendar_load' and e.value_ms is not null
    ) x group by x.v
  ),
  load_cum as (
    select l.v, sum(l.n) over (order by l.v) - l.n as c0, sum(l.n) over (order by l.v) as c1 from load_values l
  ),
  load_pos as (
    select 0.95::float8 * (sum(l.n) - 1)::float8 as pos from load_values l having count(*) > 0
  ),
  load_p95 as (
    select lo.v::float8 + (hi.v::float8 - lo.v::float8) * (p.pos - floor(p.pos)) as p95
    from load_pos p
    join load_cum lo on lo.c0 <= floor(p.pos) and floor(p.pos) < lo.c1
    join load_cum hi on hi.c0 <= ceil(p.pos) and ceil(p.pos) < hi.c1
  ),
  refreshes as (
    select count(*) filter (where r.outcome = 'refreshed') as ok, count(*) as n
    from ranges g join public.calendar_token_refreshes r on r.attempted_at >= g.r_from and r.attempted_at < g.r_to
    join scope s on s.id = r.property_id
  ),
  connected as (
    select count(*) filter (where exists (
      select 1 from public.agent_calendars c where c.property_id = s.id and c.disconnected_at is null
        and c.token_status in ('healthy', 'expiring'))) as ok, count(*) as n
    from scope s
  ),
  booked as (
    select count(*) as widget_booked
    from ranges g join public.tour_bookings b on b.created_at >= g.r_from and b.created_at < g.r_to
    join scope s on s.id = b.property_id
    where b.source = 'widget'
  ),
  outcomes as (
    select count(*) filter (where b.status = 'no_show') as no_show, count(*) as outcome_n
    from ranges g join public.tour_bookings b on b.start_at >= g.r_from and b.start_at < g.r_to
    join scope s on s.id = b.property_id
    where b.status in ('no_show', 'completed')
  ),
  leads as (
    select count(*) as n from ranges g join public.leads l on l.created_at >= g.r_from and l.created_at < g.r_to
    join scope s on s.id = l.property_id
  ),
  sessions as (
    select count(*) as n from ranges g join public.widget_sessions w on w.created_at >= g.r_from and w.created_at < g.r_to
    join scope s on s.id = w.property_id
  ),
  total as (
    select r.ok + d.refresh_ok as refresh_ok, r.n + d.refresh_n as refresh_n,
      e.google_ok + d.google_ok as google_ok, e.google_n + d.google_n as google_n,
      e.book_ok + d.book_ok as book_ok, e.book_n + d.book_n as book_n,
      e.remind_ok + d.remind_ok as remind_ok, e.remind_n + d.remind_n as remind_n,
      e.load_n + d.load_n as load_n, (select l.p95 from load_p95 l) as load_p95,
      b.widget_booked + d.widget_booked as widget_booked, o.no_show + d.no_show as no_show,
      o.outcome_n + d.outcome_n as outcome_n, l.n + d.leads_n as leads_n, w.n + d.sessions_n as sessions_n
    from daily d, events e, refreshes r, booked b, outcomes o, leads l, sessions w
  ),
  months as (select extract(epoch from (p_to - p_from)) / (30 * 86400.0) as m),
  raw (metric, unit, target, higher_is_better, goal, numerator, denominator, direct, ord) as (
    select 'token_refresh_success', '%', '> 99', true, 99::numeric, t.refresh_ok::numeric, t.refresh_n::numeric, null::numeric, 1 from total t
    union all select 'google_api_success', '%', '> 99.5', true, 99.5, t.google_ok, t.google_n, null, 2 from total t
    union all select 'calendar_load_p95_ms', 'ms', '< 2000', false, 2000, null, t.load_n,
      case when t.load_n > 0 then round(t.load_p95::numeric, 0) end, 3 from total t
    union all select 'booking_success', '%', '> 95', true, 95, t.book_ok, t.book_n, null, 4 from total t
    union all select 'reminder_delivery', '%', '> 98', true, 98, t.remind_ok, t.remind_n, null, 5 from total t
    union all select 'calendar_connected_share', '%', '> 70', true, 70, c.ok, c.n, null, 6 from connected c
    union all select 'widget_tours_per_month', 'tours/property/month', '>= 10', true, 10, t.widget_booked,
      case when m.m > 0 and i.n > 0 then (i.n * m.m)::numeric else 0 end,
      case when m.m > 0 and i.n > 0 then round(t.widget_booked / (i.n * m.m)::numeric, 2) end, 7 from total t, months m, ids i
    union all select 'no_show_rate', '%', '< 20', false, 20, t.no_show, t.outcome_n, null, 8 from total t
    union all select 'lead_capture_rate', '%', '> 35', true, 35, t.leads_n, t.sessions_n, null, 9 from total t
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

revoke all on function lumaleasing.period_metrics(timestamptz, timestamptz, uuid[]) from public;
grant execute on function lumaleasing.period_metrics(timestamptz, timestamptz, uuid[])
  to lumaleasing_property, lumaleasing_portfolio, lumaleasing_jobs;
