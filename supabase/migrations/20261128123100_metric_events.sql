-- Metrics recorded where they happen, append only: each Google call's outcome (the free/busy
-- fetch, the calendar event writes), each booking attempt with the status it was answered,
-- each delivery's outcome per message kind, and the widget's calendar load time. No
-- personal data: a kind, an outcome, a detail naming what (e.g. "email:tour_reminder_24h")
-- and, for timings, milliseconds.
create table if not exists public.metric_events (
  id bigint generated always as identity primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  kind text not null check (kind in ('google_api', 'booking_attempt', 'delivery', 'calendar_load')),
  outcome text not null check (length(outcome) between 1 and 40),
  detail text check (length(detail) <= 80),
  value_ms int check (value_ms between 0 and 600000),
  at timestamptz not null default now()
);
create index if not exists metric_events_property_kind_at on public.metric_events (property_id, kind, at);

alter table public.metric_events enable row level security;
alter table public.metric_events force row level security;
revoke all on public.metric_events from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.metric_events from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.metric_events;
create policy property_scope on public.metric_events for all to lumaleasing_property
  using (property_id = (select lumaleasing.current_property_id()))
  with check (property_id = (select lumaleasing.current_property_id()));
drop policy if exists jobs_all on public.metric_events;
create policy jobs_all on public.metric_events for all to lumaleasing_jobs using (true) with check (true);
drop policy if exists portfolio_scope on public.metric_events;
create policy portfolio_scope on public.metric_events for select to lumaleasing_portfolio
  using (property_id = any ((select lumaleasing.portfolio_property_ids())::uuid[]));

-- Requests record and read their property's; the jobs record (the outbox's deliveries);
-- a portfolio reads. Nobody edits or deletes a metric.
grant select, insert on public.metric_events to lumaleasing_property;
grant insert on public.metric_events to lumaleasing_jobs;
grant select on public.metric_events to lumaleasing_portfolio;
