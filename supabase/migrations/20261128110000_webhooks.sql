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

-- Queues webhook events in the caller's transaction, one statement from the functions:
-- for each event some enabled endpoint of the property wants, the snapshot of its tour
-- (tour.*) or lead (lead.*), and one outbox row per such endpoint, in the events' order.
-- PL/pgSQL so its plans are cached per connection: the booking pays a single round trip.
-- Instants are written as JavaScript's toISOString() writes them. Invoker's rights: the
-- caller's row-level security applies.
create or replace function lumaleasing.queue_webhook_events(
  p_property uuid, p_now timestamptz, p_types text[], p_subjects text[], p_ids text[], p_refs uuid[], p_extras jsonb[])
returns integer
language plpgsql set search_path = '' as $$
declare
  n integer;
begin
  if not exists (select 1 from public.webhook_endpoints e
      where e.property_id = p_property and e.enabled and e.events operator(pg_catalog.&&) p_types) then
    return 0;
  end if;
  insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at, ordering_key)
  select p_property, 'webhook',
    pg_catalog.jsonb_build_object('endpointId', e.id, 'event', pg_catalog.jsonb_build_object(
      'type', ev.type, 'version', 1, 'id', ev.id,
      'occurredAt', pg_catalog.to_char(p_now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'propertyId', p_property, 'data', ev.data)),
    'webhook:' || e.id || ':' || ev.id, p_now, 'webhook:' || e.id || ':' || ev.subject
  from (
    select t.type, t.subject, t.id, t.ord,
      case when t.type like 'lead.%' then pg_catalog.jsonb_build_object('lead', pg_catalog.jsonb_build_object(
          'id', l.id, 'firstName', l.first_name, 'lastName', l.last_name, 'email', l.email, 'phone', l.phone,
          'createdAt', pg_catalog.to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'updatedAt', pg_catalog.to_char(l.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      else pg_catalog.jsonb_build_object('tour', pg_catalog.jsonb_build_object(
          'id', b.id, 'status', b.status,
          'start', pg_catalog.to_char(b.start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'end', pg_catalog.to_char(b.end_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'timezone', p.time_zone,
          'previousStart', pg_catalog.to_char(b.previous_start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'source', b.source, 'agentEmail', c.account_email,
          'prospect', pg_catalog.jsonb_build_object('leadId', b.lead_id, 'firstName', b.first_name, 'lastName', b.last_name,
            'email', b.email, 'phone', b.phone, 'smsConsent', b.sms_consent),
          'moveInDate', b.move_in_date::text, 'bedrooms', b.bedrooms::text, 'pets', b.pets,
          'specialRequests', b.special_requests,
          'createdAt', pg_catalog.to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        operator(pg_catalog.||) t.extra
      end as data
    from unnest(p_types, p_subjects, p_ids, p_refs, p_extras) with ordinality as t(type, subject, id, ref, extra, ord)
      left join public.leads l on t.type like 'lead.%' and l.id = t.ref
      left join public.tour_bookings b on t.type like 'tour.%' and b.id = t.ref
      left join public.properties p on p.id = b.property_id
      left join public.agent_calendars c on c.id = b.agent_calendar_id
  ) ev
  join public.webhook_endpoints e on e.property_id = p_property and e.enabled and ev.type = any(e.events)
  order by ev.ord, e.id
  on conflict (dedupe_key) do nothing;
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function lumaleasing.queue_webhook_events(uuid, timestamptz, text[], text[], text[], uuid[], jsonb[]) from public;
grant execute on function lumaleasing.queue_webhook_events(uuid, timestamptz, text[], text[], text[], uuid[], jsonb[])
  to lumaleasing_property, lumaleasing_jobs;
