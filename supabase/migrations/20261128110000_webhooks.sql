-- Signed outgoing webhooks per property (Standard Webhooks), delivered through the outbox.
--
-- An endpoint is a URL, the event types it wants, a signing secret (`whsec_…`, stored
-- AES-GCM encrypted with TOKEN_ENCRYPTION_KEY like the calendar tokens; shown once) and
-- an enabled flag. Each event is queued as one outbox row per subscribed endpoint in the
-- transaction of the change that caused it; the outbox row is the delivery (its log).
create table if not exists public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  url text not null check (length(url) between 8 and 2000),
  events text[] not null check (cardinality(events) between 1 and 20),
  secret_enc bytea not null,
  enabled boolean not null default true,
  description text check (description is null or length(description) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  secret_rotated_at timestamptz
);
create index if not exists webhook_endpoints_property on public.webhook_endpoints (property_id);

alter table public.webhook_endpoints enable row level security;
alter table public.webhook_endpoints force row level security;
revoke all on public.webhook_endpoints from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.webhook_endpoints from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.webhook_endpoints;
create policy property_scope on public.webhook_endpoints for all to lumaleasing_property
  using (property_id = (select lumaleasing.current_property_id()))
  with check (property_id = (select lumaleasing.current_property_id()));
drop policy if exists jobs_read on public.webhook_endpoints;
create policy jobs_read on public.webhook_endpoints for select to lumaleasing_jobs using (true);

-- The settings page manages its own endpoints; the dispatcher only reads them.
grant select, insert, update, delete on public.webhook_endpoints to lumaleasing_property;
grant select on public.webhook_endpoints to lumaleasing_jobs;

-- The outbox learns the webhook kind, an ordering key (a tour's events to one endpoint
-- go out in order: a row is not claimed while an earlier row with the same key is still
-- pending), and what the receiver last answered (the delivery log).
alter table public.outbox drop constraint if exists outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'google_event_upsert', 'google_event_cancel', 'email', 'sms', 'manager_alert', 'webhook'));
alter table public.outbox
  add column if not exists ordering_key text,
  add column if not exists response_status int,
  add column if not exists last_attempt_at timestamptz;
create index if not exists outbox_pending_by_ordering_key on public.outbox (ordering_key, id)
  where status = 'pending' and ordering_key is not null;
-- The delivery log of one endpoint, newest first.
create index if not exists outbox_webhook_by_endpoint on public.outbox ((payload ->> 'endpointId'), id desc)
  where kind = 'webhook';
