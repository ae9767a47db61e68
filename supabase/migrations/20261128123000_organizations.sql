-- Organizations: a portfolio of properties under one operator, and a portfolio key per
-- organization (only its hash stored; rotating revokes the previous one) for portfolio reads.
--
-- A portfolio read runs as lumaleasing_portfolio with the organization in
-- request.jwt.claims ({"organization_id": "…"}); row-level security binds it to that
-- organization's properties and what hangs off them. It only reads.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'lumaleasing_portfolio') then
    create role lumaleasing_portfolio nologin;
  end if;
end $$;
grant lumaleasing_portfolio to postgres;
grant lumaleasing_portfolio to lumaleasing_api;
grant usage on schema lumaleasing to lumaleasing_portfolio;
grant usage on schema extensions to lumaleasing_portfolio;

create table if not exists public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  created_at timestamptz not null default now()
);
create unique index if not exists organizations_name on public.organizations (lower(name));

create table if not exists public.portfolio_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  key_hash text not null unique,
  key_hint text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create unique index if not exists portfolio_keys_one_live on public.portfolio_keys (organization_id) where revoked_at is null;

alter table public.properties add column if not exists organization_id uuid
  references public.organizations (id) on delete set null;
create index if not exists properties_organization on public.properties (organization_id);

create or replace function lumaleasing.current_organization_id() returns uuid
language sql stable set search_path = '' as $$
  select nullif(nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'organization_id', '')::uuid
$$;

-- The organization's properties, as one array: the policies ask for it once per statement
-- (an init plan), and it reads properties as the definer, so no policy recurses.
create or replace function lumaleasing.portfolio_property_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(pg_catalog.array_agg(p.id), '{}') from public.properties p
  where p.organization_id = lumaleasing.current_organization_id()
$$;
revoke all on function lumaleasing.portfolio_property_ids() from public;
grant execute on function lumaleasing.portfolio_property_ids() to lumaleasing_portfolio;

-- The key look-up happens before the organization is known: as the definer, for an exact hash.
create or replace function lumaleasing.resolve_portfolio_key(p_key_hash text) returns uuid
language sql stable security definer set search_path = '' as $$
  select k.organization_id from public.portfolio_keys k where k.key_hash = p_key_hash and k.revoked_at is null
$$;
revoke all on function lumaleasing.resolve_portfolio_key(text) from public;
grant execute on function lumaleasing.resolve_portfolio_key(text) to lumaleasing_portfolio;

alter table public.organizations enable row level security;
alter table public.organizations force row level security;
alter table public.portfolio_keys enable row level security;
alter table public.portfolio_keys force row level security;
revoke all on public.organizations, public.portfolio_keys from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.organizations, public.portfolio_keys from anon, authenticated;
  end if;
end $$;

drop policy if exists portfolio_scope on public.organizations;
create policy portfolio_scope on public.organizations for select to lumaleasing_portfolio
  using (id = (select lumaleasing.current_organization_id()));
grant select on public.organizations to lumaleasing_portfolio;
-- portfolio_keys: no policy and no grant for any request role (only the definer look-up).

drop policy if exists portfolio_scope on public.properties;
create policy portfolio_scope on public.properties for select to lumaleasing_portfolio
  using (id = any ((select lumaleasing.portfolio_property_ids())::uuid[]));
grant select on public.properties to lumaleasing_portfolio;

-- What a portfolio reads of what hangs off its properties (never a token or a secret).
do $$
declare t text;
begin
  foreach t in array array['agent_calendars', 'calendar_token_refreshes', 'widget_sessions', 'leads',
    'tour_bookings', 'outbox']
  loop
    execute format('drop policy if exists portfolio_scope on public.%I', t);
    execute format($p$create policy portfolio_scope on public.%I for select to lumaleasing_portfolio
      using (property_id = any ((select lumaleasing.portfolio_property_ids())::uuid[]))$p$, t);
  end loop;
end $$;
grant select (id, property_id, account_email, display_name, calendar_id, time_zone, token_status, connected_at,
  disconnected_at, last_health_check_at, last_refresh_at, created_at) on public.agent_calendars to lumaleasing_portfolio;
grant select (id, property_id, agent_calendar_id, attempted_at, trigger, outcome) on public.calendar_token_refreshes
  to lumaleasing_portfolio;
grant select (id, property_id, lead_id, created_at) on public.widget_sessions to lumaleasing_portfolio;
grant select (id, property_id, source, created_at) on public.leads to lumaleasing_portfolio;
grant select (id, property_id, agent_calendar_id, start_at, end_at, status, source, created_at, cancelled_at)
  on public.tour_bookings to lumaleasing_portfolio;
grant select (id, property_id, kind, status, attempts, created_at, done_at) on public.outbox to lumaleasing_portfolio;
