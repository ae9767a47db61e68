-- The role model: the functions' login (lumaleasing_api) can do nothing by itself, only
-- switch to the request roles; postgres, which runs the migrations, is no superuser; the
-- API roles get nothing from a hosted project's default privileges; every function of
-- ours has a pinned search_path.
begin;
create extension if not exists pgtap;
select plan(21);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000f1', 'Roles Test', 'America/Chicago');

-- Runs `statements` logged in as `login` (the session user, as a connection would be) and
-- says who ran the last one and what it answered, or the error's SQLSTATE.
create function pg_temp.as_login(login text, statements text[]) returns text language plpgsql as $f$
declare
  s text;
  answer text;
  outcome text;
begin
  execute format('set local session authorization %I', login);
  begin
    foreach s in array statements loop
      answer := null;
      if s ~* '^\s*select' then execute s into answer; else execute s; end if;
    end loop;
    outcome := current_user || ': ' || coalesce(answer, 'ok');
  exception when others then
    outcome := 'error ' || sqlstate;
  end;
  reset role;
  reset session authorization;
  return outcome;
end $f$;

-- The functions' login: logs in, inherits nothing, holds no power of its own.
select ok((select rolcanlogin from pg_roles where rolname = 'lumaleasing_api'), 'lumaleasing_api can log in');
select ok((select not rolinherit from pg_roles where rolname = 'lumaleasing_api'), 'lumaleasing_api is NOINHERIT');
select ok((select not (rolsuper or rolbypassrls or rolcreaterole or rolcreatedb or rolreplication)
  from pg_roles where rolname = 'lumaleasing_api'), 'lumaleasing_api has no superuser, bypassrls, createrole, createdb or replication');
select is((select array_agg(r.rolname::text order by r.rolname) from pg_auth_members m join pg_roles r on r.oid = m.roleid
  where m.member = 'lumaleasing_api'::regrole), array['lumaleasing_jobs', 'lumaleasing_portfolio', 'lumaleasing_property'],
  'lumaleasing_api is a member of the three request roles and nothing else');
select is((select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'lumaleasing', 'vault', 'net', 'supabase_migrations') and c.relkind in ('r', 'v', 'm', 'p')
    and has_table_privilege('lumaleasing_api', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')), 0,
  'lumaleasing_api holds no privilege on any table by itself');
select ok(not has_schema_privilege('lumaleasing_api', 'lumaleasing', 'USAGE'), 'lumaleasing_api cannot use schema lumaleasing by itself');

-- The same, as a connection logged in as lumaleasing_api sees it.
select is(pg_temp.as_login('lumaleasing_api', array['select count(*)::text from public.properties']), 'error 42501',
  'logged in as lumaleasing_api, without set role: reading properties is refused');
select is(pg_temp.as_login('lumaleasing_api', array['select count(*)::text from public.tour_bookings']), 'error 42501',
  'logged in as lumaleasing_api, without set role: reading bookings is refused');
select is(pg_temp.as_login('lumaleasing_api', array['select count(*)::text from lumaleasing.resolve_widget_key(''x'')']), 'error 42501',
  'logged in as lumaleasing_api, without set role: the key look-up is refused');
select is(pg_temp.as_login('lumaleasing_api', array['set local role lumaleasing_property']), 'lumaleasing_property: ok',
  'lumaleasing_api can switch to lumaleasing_property');
select is(pg_temp.as_login('lumaleasing_api', array[
    'select set_config(''request.jwt.claims'', ''{"property_id": "00000000-0000-4000-8000-0000000000f1"}'', true)',
    'set local role lumaleasing_property',
    'select count(*)::text from public.properties']), 'lumaleasing_property: 1',
  'switched to lumaleasing_property with a claim, it sees exactly its property');
select is(pg_temp.as_login('lumaleasing_api', array['set local role lumaleasing_jobs']), 'lumaleasing_jobs: ok',
  'lumaleasing_api can switch to lumaleasing_jobs');
select is(pg_temp.as_login('lumaleasing_api', array['set local role postgres']), 'error 42501',
  'lumaleasing_api cannot become postgres');
select is(pg_temp.as_login('lumaleasing_api', array['set local role service_role']), 'error 42501',
  'lumaleasing_api cannot become service_role');
select is(pg_temp.as_login('lumaleasing_api', array['create schema sneaky']), 'error 42501',
  'lumaleasing_api cannot create schemas');

-- postgres runs the migrations: as on a hosted project, no superuser, but BYPASSRLS and CREATEROLE.
select ok((select not rolsuper from pg_roles where rolname = 'postgres'), 'postgres is not a superuser');
select ok((select rolbypassrls and rolcreaterole from pg_roles where rolname = 'postgres'), 'postgres has BYPASSRLS and CREATEROLE');
select is((select count(*)::int from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
  and c.relowner <> 'postgres'::regrole), 0, 'every table in public belongs to postgres (the migrations ran as it)');
select is((select count(*)::int from pg_proc p where p.pronamespace = 'lumaleasing'::regnamespace
  and p.proowner <> 'postgres'::regrole), 0, 'every function in lumaleasing belongs to postgres');

-- A hosted project grants anon and authenticated everything on new tables in public by default.
select is((select count(*)::int from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
  and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
    or has_table_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'))), 0,
  'anon and authenticated hold no privilege on any table in public');

-- Every function of ours resolves names the same way whoever calls it.
select is((select array_agg(p.proname::text order by p.proname) from pg_proc p
  where p.pronamespace = 'lumaleasing'::regnamespace
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search\_path=%')), null,
  'every function in lumaleasing has a pinned search_path');

select * from finish();
rollback;
