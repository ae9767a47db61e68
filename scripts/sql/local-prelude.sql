-- Local stand-ins for what a hosted Supabase project already has, applied before the
-- migrations by the local stack only: Supabase's API roles, a Vault-shaped secrets view,
-- and pg_net's SQL surface (its requests are performed by the stack's worker).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin bypassrls; end if;
  -- The login the local functions use, like the hosted SUPABASE_DB_URL's user: no superuser,
  -- no RLS bypass; it reaches data only by switching to the lumaleasing roles.
  if not exists (select 1 from pg_roles where rolname = 'lumaleasing_api') then
    create role lumaleasing_api login password 'local-only' noinherit;
  end if;
end $$;
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists vault;
create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique not null,
  secret text not null,
  created_at timestamptz not null default now()
);
create or replace view vault.decrypted_secrets as
  select id, name, secret as decrypted_secret, created_at from vault.secrets;
revoke all on vault.secrets, vault.decrypted_secrets from public;

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
create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds int default 5000
) returns bigint
language plpgsql as $$
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
