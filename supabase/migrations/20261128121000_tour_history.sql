-- The leasing office's actions on a tour, and each tour's history: one row per event
-- (booked, rescheduled, cancelled, outcome, reassigned, a note, a change that came from
-- Google), with who did it — the prospect, the office (the WordPress user the site's
-- server names) or the calendar — and when. The emails and texts about a tour are not
-- copied here: the history reads them from the outbox, with their delivery state.
create table if not exists public.tour_history (
  id bigint generated always as identity primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  booking_id uuid not null references public.tour_bookings (id) on delete cascade,
  event text not null check (event in ('booked', 'rescheduled', 'cancelled', 'outcome', 'reassigned', 'note')),
  actor text not null check (actor in ('prospect', 'office', 'calendar')),
  wp_user_id text check (length(wp_user_id) <= 200),
  wp_user_name text check (length(wp_user_name) <= 200),
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index if not exists tour_history_booking on public.tour_history (booking_id, created_at, id);

alter table public.tour_history enable row level security;
alter table public.tour_history force row level security;
revoke all on public.tour_history from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.tour_history from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.tour_history;
create policy property_scope on public.tour_history for all to lumaleasing_property
  using (property_id = (select lumaleasing.current_property_id()))
  with check (property_id = (select lumaleasing.current_property_id()));
drop policy if exists jobs_all on public.tour_history;
create policy jobs_all on public.tour_history for all to lumaleasing_jobs using (true) with check (true);

-- Requests write and read the history (a history is never edited); the jobs only read it.
grant select, insert on public.tour_history to lumaleasing_property;
grant select on public.tour_history to lumaleasing_jobs;

-- A tour the office books for someone who phoned or walked in says so.
alter table public.tour_bookings drop constraint if exists tour_bookings_source_check;
alter table public.tour_bookings add constraint tour_bookings_source_check
  check (source in ('widget', 'admin', 'google', 'phone', 'walk_in'));

-- Who cancelled, and the office's message to the prospect (in the cancellation email).
alter table public.tour_bookings add column if not exists cancelled_by text
  check (cancelled_by in ('prospect', 'office', 'calendar'));
alter table public.tour_bookings add column if not exists cancellation_message text
  check (length(cancellation_message) <= 1000);
