-- Row-level security: a request scoped to property A can neither read nor change
-- property B's rows in any table, and the anon role reads nothing directly.
begin;
create extension if not exists pgtap;
select plan(43);

-- Two properties with one row in every table each (as the migration owner).
insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-00000000000a', 'RLS Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-00000000000b', 'RLS Test B', 'America/New_York');
insert into public.widget_keys (property_id, key_hash, key_hint) values
  ('00000000-0000-4000-8000-00000000000a', 'hash-a', 'a'), ('00000000-0000-4000-8000-00000000000b', 'hash-b', 'b');
insert into public.site_secrets (property_id, secret_hash, secret_hint) values
  ('00000000-0000-4000-8000-00000000000a', 'secret-a', 'a'), ('00000000-0000-4000-8000-00000000000b', 'secret-b', 'b');
insert into public.agent_calendars (id, property_id, account_email) values
  ('00000000-0000-4000-8000-0000000000ca', '00000000-0000-4000-8000-00000000000a', 'a@example.com'),
  ('00000000-0000-4000-8000-0000000000cb', '00000000-0000-4000-8000-00000000000b', 'b@example.com');
insert into public.calendar_token_refreshes (property_id, agent_calendar_id, trigger, outcome) values
  ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-0000000000ca', 'request', 'refreshed'),
  ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-0000000000cb', 'request', 'refreshed');
insert into public.widget_sessions (id, property_id) values
  ('00000000-0000-4000-8000-0000000005a0', '00000000-0000-4000-8000-00000000000a'),
  ('00000000-0000-4000-8000-0000000005b0', '00000000-0000-4000-8000-00000000000b');
insert into public.leads (property_id, email) values
  ('00000000-0000-4000-8000-00000000000a', 'lead@a.example'), ('00000000-0000-4000-8000-00000000000b', 'lead@b.example');
insert into public.tour_slots (property_id, start_at, end_at) values
  ('00000000-0000-4000-8000-00000000000a', '2030-01-07 15:00Z', '2030-01-07 15:30Z'),
  ('00000000-0000-4000-8000-00000000000b', '2030-01-07 15:00Z', '2030-01-07 15:30Z');
insert into public.tour_bookings (id, property_id, agent_calendar_id, start_at, end_at, blocked_range, first_name, last_name, email) values
  ('00000000-0000-4000-8000-0000000000ba', '00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-0000000000ca',
   '2030-01-07 15:00Z', '2030-01-07 15:30Z', tstzrange('2030-01-07 15:00Z', '2030-01-07 15:30Z'), 'Ann', 'A', 'ann@example.com'),
  ('00000000-0000-4000-8000-0000000000bb', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-0000000000cb',
   '2030-01-07 15:00Z', '2030-01-07 15:30Z', tstzrange('2030-01-07 15:00Z', '2030-01-07 15:30Z'), 'Bob', 'B', 'bob@example.com');
insert into public.calendar_events (property_id, booking_id, agent_calendar_id, google_event_id) values
  ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-0000000000ba', '00000000-0000-4000-8000-0000000000ca', 'evta'),
  ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-0000000000bb', '00000000-0000-4000-8000-0000000000cb', 'evtb');
insert into public.outbox (property_id, kind, payload, dedupe_key) values
  ('00000000-0000-4000-8000-00000000000a', 'email', '{}', 'rls-a'), ('00000000-0000-4000-8000-00000000000b', 'email', '{}', 'rls-b');
insert into public.oauth_states (nonce, property_id, return_url, code_verifier_enc, expires_at) values
  ('nonce-a', '00000000-0000-4000-8000-00000000000a', 'https://a.example', '\x00', now() + interval '10 minutes'),
  ('nonce-b', '00000000-0000-4000-8000-00000000000b', 'https://b.example', '\x00', now() + interval '10 minutes');

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

-- Every table has RLS enabled and forced.
select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)),
  0, 'every table in public has row-level security enabled and forced');

-- Scoped to property A.
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-00000000000a"}', true); end $$;
set local role lumaleasing_property;

select is((select count(*)::int from public.properties where id = '00000000-0000-4000-8000-00000000000b'), 0, 'A cannot read B''s property');
select is((select count(*)::int from public.properties), 1, 'A reads exactly its own property');
select is((select count(*)::int from public.widget_keys where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s widget keys');
select is((select count(*)::int from public.site_secrets where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s site secrets');
select is((select count(*)::int from public.agent_calendars where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s calendars');
select is((select count(*)::int from public.calendar_token_refreshes where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s token refreshes');
select is((select count(*)::int from public.widget_sessions where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s widget sessions');
select is((select count(*)::int from public.leads where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s leads');
select is((select count(*)::int from public.tour_slots where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s manual slots');
select is((select count(*)::int from public.tour_bookings where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s bookings');
select is((select count(*)::int from public.calendar_events where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s calendar events');
select is((select count(*)::int from public.outbox where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s outbox');
select is((select count(*)::int from public.oauth_states where property_id <> '00000000-0000-4000-8000-00000000000a'), 0, 'A cannot read B''s OAuth states');
select is((select count(*)::int from public.tour_bookings), 1, 'A reads its own booking');

-- Changing B's rows: updates touch nothing, inserts into B are refused.
select is(pg_temp.rows_changed('update public.properties set name = ''hacked'' where id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s property');
select is(pg_temp.rows_changed('update public.agent_calendars set token_status = ''revoked'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s calendars');
select is(pg_temp.rows_changed('update public.tour_bookings set status = ''cancelled'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot cancel B''s bookings');
select is(pg_temp.rows_changed('update public.leads set email = ''x@x.example'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s leads');
select is(pg_temp.rows_changed('update public.outbox set status = ''dead'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s outbox');
select is(pg_temp.rows_changed('update public.calendar_events set status = ''cancelled'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s calendar events');
select is(pg_temp.rows_changed('update public.widget_sessions set user_agent = ''x'' where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot update B''s sessions');
select is(pg_temp.rows_changed('delete from public.agent_calendars where property_id = ''00000000-0000-4000-8000-00000000000b'''), 0, 'A cannot delete B''s calendars');
select throws_ok($$insert into public.leads (property_id, email) values ('00000000-0000-4000-8000-00000000000b', 'sneak@example.com')$$,
  '42501', null, 'A cannot insert a lead into B');
select throws_ok($$insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, first_name, last_name, email)
  values ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-0000000000cb', '2030-01-08 15:00Z', '2030-01-08 15:30Z',
  tstzrange('2030-01-08 15:00Z', '2030-01-08 15:30Z'), 'X', 'Y', 'x@example.com')$$,
  '42501', null, 'A cannot insert a booking into B');
select throws_ok($$insert into public.outbox (property_id, kind, payload, dedupe_key) values ('00000000-0000-4000-8000-00000000000b', 'email', '{}', 'sneak')$$,
  '42501', null, 'A cannot queue a side effect for B');
select throws_ok($$update public.leads set property_id = '00000000-0000-4000-8000-00000000000b'$$,
  '42501', null, 'A cannot move its own rows into B');
select throws_ok($$delete from public.tour_bookings$$, '42501', null, 'the property role cannot delete bookings at all');

-- Without a property claim, nothing is visible.
do $$ begin perform set_config('request.jwt.claims', '', true); end $$;
select is((select count(*)::int from public.tour_bookings), 0, 'no claim, no bookings');
select is((select count(*)::int from public.properties), 0, 'no claim, no properties');

reset role;

-- The anon role (the public API key) reads nothing directly.
set local role anon;
select throws_ok($$select * from public.properties$$, '42501', null, 'anon cannot read properties');
select throws_ok($$select * from public.tour_bookings$$, '42501', null, 'anon cannot read bookings');
select throws_ok($$select * from public.agent_calendars$$, '42501', null, 'anon cannot read calendars');
select throws_ok($$select * from public.leads$$, '42501', null, 'anon cannot read leads');
reset role;

-- The jobs role spans properties but has only the grants its jobs need.
set local role lumaleasing_jobs;
select is((select count(*)::int from public.tour_bookings where property_id in ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b')), 2, 'the jobs role sees every property''s bookings');
select throws_ok($$select * from public.site_secrets$$, '42501', null, 'the jobs role cannot read site secrets');
select throws_ok($$delete from public.tour_bookings$$, '42501', null, 'the jobs role cannot delete bookings');
select throws_ok($$update public.properties set name = 'x'$$, '42501', null, 'the jobs role cannot change properties');
reset role;

-- Key look-ups answer only for an exact hash.
select is((select property_id from lumaleasing.resolve_widget_key('hash-a')), '00000000-0000-4000-8000-00000000000a'::uuid, 'a widget key resolves to its property');
select is((select count(*)::int from lumaleasing.resolve_widget_key('nope')), 0, 'an unknown widget key resolves to nothing');

-- "Does another property hold this Google account?" answers for the caller's own calendars only.
update public.agent_calendars set account_email = 'shared@example.com', refresh_token_enc = '\x01'
  where id in ('00000000-0000-4000-8000-0000000000ca', '00000000-0000-4000-8000-0000000000cb');
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-00000000000a"}', true); end $$;
set local role lumaleasing_property;
select is(lumaleasing.google_grant_shared('00000000-0000-4000-8000-0000000000ca'), true, 'A learns its agent''s Google account is connected elsewhere too');
select is(lumaleasing.google_grant_shared('00000000-0000-4000-8000-0000000000cb'), false, 'A cannot ask about B''s calendar');
reset role;
set local role anon;
select throws_ok($$select lumaleasing.google_grant_shared('00000000-0000-4000-8000-0000000000ca')$$, '42501', null, 'anon cannot ask');
reset role;

select * from finish();
rollback;
