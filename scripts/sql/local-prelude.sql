-- What a hosted Supabase project already has before our migrations run, applied by the
-- local stack only, as the cluster's bootstrap superuser (like Supabase's supabase_admin):
--   * the `postgres` role as Supabase leaves it: no superuser, but CREATEROLE, CREATEDB
--     and BYPASSRLS, owning the database; the migrations and the seed run as it;
--   * the extensions Supabase pre-creates (in schema `extensions`), pg_cron with the
--     grants Supabase gives `postgres` on schema cron, and pgTAP for the database tests;
--   * Supabase's API roles, with the default privileges a hosted project gives them on
--     tables `postgres` creates in public (which is why every table revokes them);
--   * a Vault-shaped secrets table, and pg_net's SQL surface (its requests are performed
--     by the stack's worker).
-- The functions' own login is not here: a migration creates it, as on a hosted project.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'postgres') then create role postgres; end if;
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
end $$;
alter role postgres with login nosuperuser createdb createrole replication bypassrls;
alter database postgres owner to postgres;
grant anon, authenticated, service_role to postgres;
alter role postgres set search_path to "$user", public, extensions;
alter role current_user set search_path to "$user", public, extensions;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;

-- Extensions live in their own schema, which postgres owns (as on a hosted project);
-- the extensions themselves are created by the superuser.
create schema if not exists extensions;
alter schema extensions owner to postgres;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists btree_gist with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pgtap with schema extensions;
grant all on all routines in schema extensions to postgres;

-- pg_cron must live in the database named by cron.database_name; postgres schedules jobs
-- (Supabase: usage on schema cron, and read-only access to cron.job).
create extension if not exists pg_cron;
grant usage on schema cron to postgres with grant option;
grant all privileges on all tables in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

create schema if not exists vault;
create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  created_at timestamptz not null default now()
);
create or replace view vault.decrypted_secrets as
  select id, name, description, secret as decrypted_secret, created_at from vault.secrets;
create or replace function vault.create_secret(new_secret text, new_name text default null, new_description text default '')
returns uuid
language sql security definer set search_path = '' as $$
  insert into vault.secrets (secret, name, description) values (new_secret, new_name, new_description) returning id
$$;
revoke all on vault.secrets, vault.decrypted_secrets from public;
revoke all on function vault.create_secret(text, text, text) from public;
grant usage on schema vault to postgres;
grant select, insert, update, delete on vault.secrets to postgres;
grant select on vault.decrypted_secrets to postgres;
grant execute on function vault.create_secret(text, text, text) to postgres;

create schema if not exists net;
create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds int not null
);
create table if not exists net._http_response (
  id bigint,
  status_code int,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
-- As on Supabase: security definer with a pinned search_path, callable by postgres.
create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds int default 5000
) returns bigint
language plpgsql security definer set search_path = net as $$
declare
  request_id bigint;
  query text := '';
begin
  select coalesce(string_agg(format('%s=%s', key, value), '&'), '') into query
    from jsonb_each_text(params);
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values ('POST', case when query = '' then url else url || '?' || query end, headers,
          convert_to(body::text, 'UTF8'), timeout_milliseconds)
  returning id into request_id;
  -- Wakes the stack's worker when this transaction commits (pg_net >= 0.19 wakes its own).
  perform pg_notify('lumaleasing_net_wake', '');
  return request_id;
end $$;
revoke all on function net.http_post(text, jsonb, jsonb, jsonb, int) from public;
grant usage on schema net to postgres, service_role;
grant execute on function net.http_post(text, jsonb, jsonb, jsonb, int) to postgres, service_role;
