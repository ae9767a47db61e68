-- HubSpot connections: a request sees and changes only its own property's connection;
-- the jobs role reads tokens to sync and records only how the sync went; anon reaches
-- nothing; the outbox takes the HubSpot kind.
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000d1', 'HubSpot Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000000d2', 'HubSpot Test B', 'America/Chicago');
insert into public.hubspot_connections (property_id, token_enc, portal_id) values
  ('00000000-0000-4000-8000-0000000000d1', '\x01'::bytea, 101),
  ('00000000-0000-4000-8000-0000000000d2', '\x02'::bytea, 202);

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.hubspot_connections'::regclass),
  'row-level security is enabled and forced');

do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000000d1"}', true); end $$;
set local role lumaleasing_property;
select is((select array_agg(portal_id) from public.hubspot_connections), array[101::bigint], 'A reads only its own connection');
select is(pg_temp.rows_changed($$update public.hubspot_connections set portal_id = 1$$), 1, 'A changes only its own');
select is(pg_temp.rows_changed($$delete from public.hubspot_connections where property_id = '00000000-0000-4000-8000-0000000000d2'$$), 0,
  'A cannot disconnect B');
select throws_ok($$insert into public.hubspot_connections (property_id, token_enc, portal_id)
  values ('00000000-0000-4000-8000-0000000000d2', '\x03'::bytea, 3)
  on conflict (property_id) do update set token_enc = excluded.token_enc$$, '42501', null, 'A cannot write B''s token');
reset role;

set local role lumaleasing_jobs;
select is((select count(*)::int from public.hubspot_connections where property_id in
  ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000d2')), 2, 'the jobs role reads connections to sync');
select is(pg_temp.rows_changed($$update public.hubspot_connections set last_sync_at = now(), last_error = null
  where property_id = '00000000-0000-4000-8000-0000000000d2'$$), 1, 'and records how a sync went');
select throws_ok($$update public.hubspot_connections set token_enc = '\x04'::bytea$$, '42501', null, 'but never changes a token');
reset role;

set local role anon;
select throws_ok($$select count(*) from public.hubspot_connections$$, '42501', null, 'anon cannot read connections');
reset role;

select lives_ok($$insert into public.outbox (property_id, kind, payload, dedupe_key)
  values ('00000000-0000-4000-8000-0000000000d1', 'hubspot_sync', '{"type": "contact", "leadId": "00000000-0000-4000-8000-000000000001"}',
    'hubspot:test')$$, 'the outbox takes hubspot_sync');

select * from finish();
rollback;
