-- The functions' own login, and pinned search paths.
--
-- On a hosted project SUPABASE_DB_URL logs in as postgres, which bypasses row-level
-- security. The functions log in instead as lumaleasing_api (LUMALEASING_DB_URL, through
-- the transaction pooler): it can log in and switch to the request roles, nothing more.
-- NOINHERIT: none of lumaleasing_property's or lumaleasing_jobs' grants apply until a
-- request says `set local role`. Its password is not here: the deploy sets it with
-- `alter role lumaleasing_api password '…'` (the local stack sets one of its own).
--
-- Roles belong to the whole cluster, so the role may exist already: it is brought to
-- the attributes below instead of being created again.
do $$
declare
  r pg_roles%rowtype;
begin
  select * into r from pg_roles where rolname = 'lumaleasing_api';
  if not found then
    create role lumaleasing_api login noinherit nocreatedb nocreaterole;
  else
    -- Only a superuser may take these away; refuse to build on a login that has them.
    if r.rolsuper or r.rolbypassrls or r.rolreplication then
      raise exception 'role lumaleasing_api exists with superuser, bypassrls or replication; remove them first';
    end if;
    alter role lumaleasing_api login noinherit nocreatedb nocreaterole;
  end if;
end $$;
grant lumaleasing_property, lumaleasing_jobs to lumaleasing_api;

-- A function without a pinned search_path resolves names through the caller's. Pinned
-- to nothing (pg_catalog is always searched first), with names written in full.
create or replace function lumaleasing.current_property_id() returns uuid
language sql stable set search_path = '' as $$
  select nullif(nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'property_id', '')::uuid
$$;

create or replace function lumaleasing.is_valid_time_zone(tz text) returns boolean
language sql stable set search_path = '' as $$
  select exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;

-- A function with a SET clause is no longer inlined, so the policies ask for the property
-- once per statement (an init plan) rather than once per row.
do $$
declare
  t text;
  col text;
begin
  foreach t in array array['properties', 'widget_keys', 'site_secrets', 'agent_calendars',
    'calendar_token_refreshes', 'widget_sessions', 'leads', 'tour_slots', 'tour_bookings',
    'calendar_events', 'outbox', 'oauth_states']
  loop
    col := case when t = 'properties' then 'id' else 'property_id' end;
    execute format('alter policy property_scope on public.%I using (%I = (select lumaleasing.current_property_id()))
      with check (%I = (select lumaleasing.current_property_id()))', t, col, col);
  end loop;
end $$;
