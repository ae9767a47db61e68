-- Google's free/busy answer per property, shared by every function instance.
--
-- Each function instance is an isolate of its own and isolates scale out, so a cache in
-- memory is one per isolate: a burst spread over several would cost Google one call per
-- isolate, and a booking in one would not drop what the others hold. Here there is one
-- row per property: the last answer (which calendars, which span, when Google gave it),
-- the generation it answered, and the property's generation now. Whatever changes the
-- busy picture (a booking, a cancel, a reschedule, our write to Google, a change synced
-- from Google) bumps the generation in its own transaction, so every instance sees it at
-- once. One instance refreshes at a time under a short lease (database clock); the others
-- wait for its answer. The last answer also serves bookings while Google is down (up to
-- 15 minutes old).
create table if not exists public.freebusy_cache (
  property_id uuid primary key references public.properties (id) on delete cascade,
  generation bigint not null default 0,
  calendar_set text,
  time_min timestamptz,
  time_max timestamptz,
  busy jsonb check (busy is null or jsonb_typeof(busy) = 'object'),
  answered_generation bigint,
  fetched_at timestamptz,
  lease_id uuid,
  refresh_started_at timestamptz,
  refreshing_until timestamptz,
  failed_at timestamptz,
  last_error text
);

alter table public.freebusy_cache enable row level security;
alter table public.freebusy_cache force row level security;
revoke all on public.freebusy_cache from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.freebusy_cache from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.freebusy_cache;
create policy property_scope on public.freebusy_cache for all to lumaleasing_property
  using (property_id = lumaleasing.current_property_id())
  with check (property_id = lumaleasing.current_property_id());
drop policy if exists jobs_all on public.freebusy_cache;
create policy jobs_all on public.freebusy_cache for all to lumaleasing_jobs using (true) with check (true);

-- A request reads, refreshes and drops its own property's answer.
grant select, insert, update on public.freebusy_cache to lumaleasing_property;
-- The outbox drops it after writing to Google: the generation only, never the answer.
grant select (property_id, generation), insert (property_id, generation), update (generation)
  on public.freebusy_cache to lumaleasing_jobs;
