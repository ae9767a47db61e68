-- The Portfolio page: calendar health across an organization's properties, and re-connect
-- emails an operator sends to the property managers for chosen calendars.
--
-- What a portfolio read may see of a calendar's health besides what it already reads: when
-- its access token and its grant (refresh token) expire, and the error of a failed refresh.
-- Never a token.
grant select (access_token_expires_at, refresh_token_expires_at) on public.agent_calendars to lumaleasing_portfolio;
grant select (error) on public.calendar_token_refreshes to lumaleasing_portfolio;
-- A calendar's last failed refresh, and the organization's latest attempts.
create index if not exists calendar_token_refreshes_calendar_failed
  on public.calendar_token_refreshes (agent_calendar_id, attempted_at desc) where outcome <> 'refreshed';
create index if not exists calendar_token_refreshes_at on public.calendar_token_refreshes (attempted_at desc, id desc);

-- One row per calendar per re-connect email request: who asked (the operator named by the
-- portfolio page's WordPress user), when, for which calendar, and who was emailed. A batch is
-- one request; each of its property's managers gets one email listing that property's calendars.
create table if not exists public.calendar_reconnect_requests (
  id uuid primary key default gen_random_uuid(),
  batch_id uuid not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  property_id uuid not null references public.properties (id) on delete cascade,
  agent_calendar_id uuid not null references public.agent_calendars (id) on delete cascade,
  account_email text not null check (length(account_email) between 3 and 254),
  requested_by_name text not null check (length(btrim(requested_by_name)) between 1 and 200),
  requested_by_email text not null check (length(requested_by_email) between 3 and 254),
  recipients text[] not null check (cardinality(recipients) between 1 and 50),
  requested_at timestamptz not null default now()
);
create index if not exists calendar_reconnect_requests_calendar
  on public.calendar_reconnect_requests (agent_calendar_id, requested_at desc);
create index if not exists calendar_reconnect_requests_batch
  on public.calendar_reconnect_requests (batch_id, property_id);

alter table public.calendar_reconnect_requests enable row level security;
alter table public.calendar_reconnect_requests force row level security;
revoke all on public.calendar_reconnect_requests from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.calendar_reconnect_requests from anon, authenticated;
  end if;
end $$;

-- A portfolio request reads and records its own organization's requests, for its own properties.
drop policy if exists portfolio_scope on public.calendar_reconnect_requests;
create policy portfolio_scope on public.calendar_reconnect_requests for select to lumaleasing_portfolio
  using (organization_id = (select lumaleasing.current_organization_id())
    and property_id = any ((select lumaleasing.portfolio_property_ids())::uuid[]));
drop policy if exists portfolio_insert on public.calendar_reconnect_requests;
create policy portfolio_insert on public.calendar_reconnect_requests for insert to lumaleasing_portfolio
  with check (organization_id = (select lumaleasing.current_organization_id())
    and property_id = any ((select lumaleasing.portfolio_property_ids())::uuid[]));
-- The outbox reads a batch to write its emails.
drop policy if exists jobs_read on public.calendar_reconnect_requests;
create policy jobs_read on public.calendar_reconnect_requests for select to lumaleasing_jobs using (true);

grant select, insert on public.calendar_reconnect_requests to lumaleasing_portfolio;
grant select on public.calendar_reconnect_requests to lumaleasing_jobs;

-- The emails go through the outbox, committed with the record: a portfolio request may queue
-- exactly this kind of row for its own properties, and nothing else.
drop policy if exists portfolio_reconnect_insert on public.outbox;
create policy portfolio_reconnect_insert on public.outbox for insert to lumaleasing_portfolio
  with check (property_id = any ((select lumaleasing.portfolio_property_ids())::uuid[])
    and kind = 'manager_alert' and payload ->> 'type' = 'portfolio_reconnect');
grant insert (property_id, kind, payload, dedupe_key, next_attempt_at) on public.outbox to lumaleasing_portfolio;
