-- LumaLeasing Tours: the data model.
-- Times are timestamptz (UTC at rest); every property names its IANA zone and all
-- wall-clock reasoning happens in that zone, in the functions.

create schema if not exists extensions;
create extension if not exists btree_gist with schema extensions;
create extension if not exists pgcrypto with schema extensions;

-- Roles the functions switch to per request ("set local role"). Neither can log in.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'lumaleasing_property') then
    create role lumaleasing_property nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'lumaleasing_jobs') then
    create role lumaleasing_jobs nologin;
  end if;
end $$;
grant lumaleasing_property, lumaleasing_jobs to postgres;

create schema if not exists lumaleasing;
grant usage on schema lumaleasing to lumaleasing_property, lumaleasing_jobs;
grant usage on schema extensions to lumaleasing_property, lumaleasing_jobs;

-- The property a request is scoped to: the functions set it with
-- set_config('request.jwt.claims', '{"property_id": "…"}', true), as Supabase does for JWT claims.
create or replace function lumaleasing.current_property_id() returns uuid
language sql stable as $$
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'property_id', '')::uuid
$$;

create or replace function lumaleasing.is_valid_time_zone(tz text) returns boolean
language sql stable as $$
  select exists (select 1 from pg_timezone_names where name = tz)
$$;

create table if not exists public.properties (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  time_zone text not null check (lumaleasing.is_valid_time_zone(time_zone)),
  address text,
  phone text,
  email text,
  manager_email text,
  site_url text,
  admin_url text,
  brand_color text not null default '#1f6feb' check (brand_color ~ '^#[0-9a-fA-F]{6}$'),
  greeting text not null default 'Hi! Want to see your next home? I can book a tour in a few taps.',
  tour_minutes int not null default 30 check (tour_minutes between 10 and 240),
  slot_interval_minutes int not null default 30 check (slot_interval_minutes between 5 and 240),
  buffer_before_minutes int not null default 0 check (buffer_before_minutes between 0 and 240),
  buffer_after_minutes int not null default 15 check (buffer_after_minutes between 0 and 240),
  min_notice_minutes int not null default 120 check (min_notice_minutes between 0 and 20160),
  booking_window_days int not null default 14 check (booking_window_days between 1 and 90),
  -- {"0": [], "1": [{"start": "09:00", "end": "18:00"}], …}; 0 = Sunday
  weekly_hours jsonb not null default '{"0": [], "1": [{"start": "09:00", "end": "18:00"}], "2": [{"start": "09:00", "end": "18:00"}], "3": [{"start": "09:00", "end": "18:00"}], "4": [{"start": "09:00", "end": "18:00"}], "5": [{"start": "09:00", "end": "18:00"}], "6": [{"start": "09:00", "end": "18:00"}]}',
  -- [{"date": "2026-12-25", "closed": true}, {"date": "2026-12-24", "hours": [{"start": "09:00", "end": "12:00"}]}]
  date_exceptions jsonb not null default '[]',
  leasing_questions jsonb not null default '{"moveInDate": true, "bedrooms": true, "pets": true}',
  sms_consent_text text not null default 'Text me tour confirmations and reminders. Message and data rates may apply. Reply STOP to opt out.',
  faqs jsonb not null default '[]',
  created_at timestamptz not null default now(),
  unique (name)
);

-- Public widget keys: shown on the property's pages, checked against allowed origins.
create table if not exists public.widget_keys (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  key_hash text not null unique,
  key_hint text not null,
  allowed_origins text[] not null default '{}',
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Site secrets: held by the WordPress server only; we keep their hashes.
create table if not exists public.site_secrets (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  secret_hash text not null unique,
  secret_hint text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create table if not exists public.agent_calendars (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  account_email text not null,
  account_subject text,
  display_name text,
  calendar_id text not null default 'primary',
  time_zone text,
  -- AES-GCM ciphertexts (key from a function secret); never plaintext.
  access_token_enc bytea,
  refresh_token_enc bytea,
  access_token_expires_at timestamptz,
  refresh_token_expires_at timestamptz,
  scopes text,
  token_status text not null default 'healthy'
    check (token_status in ('healthy', 'expiring', 'expired', 'revoked', 'disconnected')),
  connected_at timestamptz not null default now(),
  connected_by text,
  disconnected_at timestamptz,
  last_health_check_at timestamptz,
  last_refresh_at timestamptz,
  last_alert_at timestamptz,
  last_booked_at timestamptz,
  watch_channel_id text,
  watch_resource_id text,
  watch_token text,
  watch_expires_at timestamptz,
  sync_token text,
  created_at timestamptz not null default now(),
  unique (property_id, account_email)
);

create table if not exists public.calendar_token_refreshes (
  id bigint generated always as identity primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  agent_calendar_id uuid not null references public.agent_calendars (id) on delete cascade,
  attempted_at timestamptz not null default now(),
  trigger text not null check (trigger in ('request', 'health_check', 'connect')),
  outcome text not null check (outcome in ('refreshed', 'invalid_grant', 'error')),
  error text,
  expires_at timestamptz
);

create table if not exists public.widget_sessions (
  id uuid primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  lead_id uuid,
  ip_hash text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

create table if not exists public.leads (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  first_name text,
  last_name text,
  email text,
  phone text,
  source text not null default 'widget',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (property_id, email)
);

-- Manual fallback slots for a property with no calendar connected.
create table if not exists public.tour_slots (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  start_at timestamptz not null,
  end_at timestamptz not null check (end_at > start_at),
  created_at timestamptz not null default now(),
  unique (property_id, start_at)
);

create table if not exists public.tour_bookings (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  agent_calendar_id uuid references public.agent_calendars (id),
  tour_slot_id uuid references public.tour_slots (id),
  lead_id uuid references public.leads (id),
  session_id uuid,
  start_at timestamptz not null,
  end_at timestamptz not null check (end_at > start_at),
  -- The tour plus the property's buffers at booking time: what no other live tour of
  -- the same agent may touch.
  blocked_range tstzrange not null,
  status text not null default 'confirmed'
    check (status in ('confirmed', 'cancelled', 'completed', 'no_show')),
  source text not null default 'widget' check (source in ('widget', 'admin', 'google')),
  first_name text not null,
  last_name text not null,
  email text not null,
  phone text,
  special_requests text check (length(special_requests) <= 1000),
  sms_consent boolean not null default false,
  sms_consent_at timestamptz,
  sms_consent_text text,
  move_in_date date,
  bedrooms int check (bedrooms between 0 and 10),
  pets text,
  manage_token_hash text unique,
  idempotency_key text,
  idempotent_response jsonb,
  client_ip_hash text,
  reminder_24h_sent_at timestamptz,
  reminder_1h_sent_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (property_id, idempotency_key),
  check (agent_calendar_id is not null or tour_slot_id is not null or source = 'admin'),
  -- No double booking, by construction: one live tour per agent per instant.
  constraint tour_bookings_no_overlap exclude using gist (
    agent_calendar_id with =, blocked_range with &&
  ) where (status = 'confirmed' and agent_calendar_id is not null)
);
create unique index if not exists tour_bookings_one_per_manual_slot
  on public.tour_bookings (tour_slot_id) where status = 'confirmed' and tour_slot_id is not null;
create index if not exists tour_bookings_property_start on public.tour_bookings (property_id, start_at);
create index if not exists tour_bookings_reminders_due on public.tour_bookings (start_at)
  where status = 'confirmed' and (reminder_24h_sent_at is null or reminder_1h_sent_at is null);

create table if not exists public.calendar_events (
  id uuid primary key default gen_random_uuid(),
  property_id uuid not null references public.properties (id) on delete cascade,
  booking_id uuid not null unique references public.tour_bookings (id) on delete cascade,
  agent_calendar_id uuid not null references public.agent_calendars (id),
  google_event_id text not null,
  html_link text,
  etag text,
  status text not null default 'confirmed',
  synced_at timestamptz not null default now(),
  unique (agent_calendar_id, google_event_id)
);

-- Side effects, written in the same transaction as the state change that causes them.
create table if not exists public.outbox (
  id bigint generated always as identity primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  kind text not null check (kind in (
    'google_event_upsert', 'google_event_cancel', 'email', 'sms', 'manager_alert')),
  payload jsonb not null,
  dedupe_key text not null unique,
  status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create index if not exists outbox_due on public.outbox (next_attempt_at) where status = 'pending';

-- OAuth state: signed by the function, and recorded so it is single-use.
create table if not exists public.oauth_states (
  nonce text primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  return_url text not null,
  connected_by text,
  code_verifier_enc bytea not null,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);

-- Row-level security: everything is scoped to the request's property.
do $$
declare t text;
begin
  foreach t in array array['properties', 'widget_keys', 'site_secrets', 'agent_calendars',
    'calendar_token_refreshes', 'widget_sessions', 'leads', 'tour_slots', 'tour_bookings',
    'calendar_events', 'outbox', 'oauth_states']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on public.%I from public', t);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke all on public.%I from anon, authenticated', t);
    end if;
    execute format('drop policy if exists property_scope on public.%I', t);
    execute format($p$create policy property_scope on public.%I for all to lumaleasing_property
      using (%s = lumaleasing.current_property_id())
      with check (%s = lumaleasing.current_property_id())$p$,
      t, case when t = 'properties' then 'id' else 'property_id' end,
      case when t = 'properties' then 'id' else 'property_id' end);
    execute format('drop policy if exists jobs_all on public.%I', t);
    execute format('create policy jobs_all on public.%I for all to lumaleasing_jobs using (true) with check (true)', t);
  end loop;
end $$;

-- What a property-scoped request may do.
grant select, update on public.properties to lumaleasing_property;
grant select on public.widget_keys, public.site_secrets to lumaleasing_property;
grant select, insert, update, delete on public.agent_calendars to lumaleasing_property;
grant select, insert on public.calendar_token_refreshes to lumaleasing_property;
grant select, insert, update on public.widget_sessions, public.leads, public.tour_bookings,
  public.calendar_events, public.outbox, public.oauth_states to lumaleasing_property;
grant select on public.tour_slots to lumaleasing_property;

-- What the cross-property jobs may do: read the schedule, mark progress, nothing else.
grant select on public.properties, public.tour_slots, public.leads to lumaleasing_jobs;
grant select, update on public.agent_calendars, public.tour_bookings, public.calendar_events,
  public.outbox to lumaleasing_jobs;
grant insert on public.outbox, public.calendar_events, public.calendar_token_refreshes to lumaleasing_jobs;
grant select on public.calendar_token_refreshes to lumaleasing_jobs;
grant delete on public.oauth_states to lumaleasing_jobs;
grant select on public.oauth_states to lumaleasing_jobs;

-- Key look-ups happen before the property is known, so they run as the definer and
-- answer only for an exact hash.
create or replace function lumaleasing.resolve_widget_key(p_key_hash text)
returns table (property_id uuid, allowed_origins text[])
language sql stable security definer set search_path = public, pg_temp as $$
  select k.property_id, k.allowed_origins from public.widget_keys k
  where k.key_hash = p_key_hash and k.revoked_at is null
$$;

create or replace function lumaleasing.resolve_site_secret(p_secret_hash text)
returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select s.property_id from public.site_secrets s
  where s.secret_hash = p_secret_hash and s.revoked_at is null
$$;

-- Google's push notifications name a channel, not a property.
create or replace function lumaleasing.resolve_watch_channel(p_channel_id text)
returns table (property_id uuid, agent_calendar_id uuid, watch_token text, watch_resource_id text)
language sql stable security definer set search_path = public, pg_temp as $$
  select c.property_id, c.id, c.watch_token, c.watch_resource_id from public.agent_calendars c
  where c.watch_channel_id = p_channel_id
$$;

-- The manage link carries a token; only its hash is stored.
create or replace function lumaleasing.resolve_manage_token(p_token_hash text)
returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select b.property_id from public.tour_bookings b where b.manage_token_hash = p_token_hash
$$;

create or replace function lumaleasing.resolve_oauth_state(p_nonce text)
returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select s.property_id from public.oauth_states s where s.nonce = p_nonce
$$;

revoke all on function lumaleasing.resolve_widget_key(text), lumaleasing.resolve_site_secret(text),
  lumaleasing.resolve_watch_channel(text), lumaleasing.resolve_manage_token(text),
  lumaleasing.resolve_oauth_state(text) from public;
grant execute on function lumaleasing.resolve_widget_key(text), lumaleasing.resolve_site_secret(text),
  lumaleasing.resolve_watch_channel(text), lumaleasing.resolve_manage_token(text),
  lumaleasing.resolve_oauth_state(text) to lumaleasing_property;

-- CORS preflights carry no key: answer only origins some live widget key allows.
create or replace function lumaleasing.origin_allowed(p_origin text)
returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from public.widget_keys k where k.revoked_at is null and p_origin = any (k.allowed_origins))
$$;
revoke all on function lumaleasing.origin_allowed(text) from public;
grant execute on function lumaleasing.origin_allowed(text) to lumaleasing_property;
