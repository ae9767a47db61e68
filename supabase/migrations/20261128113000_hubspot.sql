-- The HubSpot connection: one private-app token per property (AES-GCM encrypted with
-- TOKEN_ENCRYPTION_KEY, never stored in plain text), the portal it belongs to, how tour
-- outcomes map to the contact's lead status, and how the last sync went. HubSpot's ids
-- are kept beside our rows so a retried sync updates what it made instead of making it
-- again: the contact on the lead, the meeting on the booking.
create table if not exists public.hubspot_connections (
  property_id uuid primary key references public.properties (id) on delete cascade,
  token_enc bytea not null,
  portal_id bigint not null,
  ui_domain text,
  lead_status_map jsonb not null default
    '{"booked": "OPEN", "completed": "CONNECTED", "no_show": "ATTEMPTED_TO_CONTACT", "cancelled": null}'::jsonb,
  connected_at timestamptz not null default now(),
  last_sync_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  updated_at timestamptz not null default now()
);

alter table public.hubspot_connections enable row level security;
alter table public.hubspot_connections force row level security;
revoke all on public.hubspot_connections from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.hubspot_connections from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.hubspot_connections;
create policy property_scope on public.hubspot_connections for all to lumaleasing_property
  using (property_id = (select lumaleasing.current_property_id()))
  with check (property_id = (select lumaleasing.current_property_id()));
drop policy if exists jobs_all on public.hubspot_connections;
create policy jobs_all on public.hubspot_connections for all to lumaleasing_jobs using (true) with check (true);

-- The settings routes connect, change and disconnect; the outbox reads the token and
-- records how each sync went.
grant select, insert, update, delete on public.hubspot_connections to lumaleasing_property;
grant select, update (last_sync_at, last_error, last_error_at) on public.hubspot_connections to lumaleasing_jobs;

alter table public.leads add column if not exists hubspot_contact_id text;
alter table public.tour_bookings add column if not exists hubspot_meeting_id text;
alter table public.tour_bookings add column if not exists hubspot_contact_id text;
grant update (hubspot_contact_id) on public.leads to lumaleasing_jobs;

-- The outbox carries the HubSpot sync too.
alter table public.outbox drop constraint if exists outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'google_event_upsert', 'google_event_cancel', 'email', 'sms', 'manager_alert', 'hubspot_sync'));
