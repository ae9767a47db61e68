-- Organizations: a portfolio read (lumaleasing_portfolio with an organization claim) sees
-- only its organization's properties, calendars and tours, never a token; organization A
-- sees nothing of B; a property's request still sees only its property; the portfolio key
-- is looked up only by its hash and only while it is live; anon reaches nothing.
begin;
create extension if not exists pgtap;
select plan(17);

insert into public.organizations (id, name) values
  ('00000000-0000-4000-8000-00000000a0a1', 'Org Test A'),
  ('00000000-0000-4000-8000-00000000a0b1', 'Org Test B');
insert into public.portfolio_keys (organization_id, key_hash, key_hint, revoked_at) values
  ('00000000-0000-4000-8000-00000000a0a1', 'hash-a-live', 'llpk_a…', null),
  ('00000000-0000-4000-8000-00000000a0a1', 'hash-a-old', 'llpk_o…', now()),
  ('00000000-0000-4000-8000-00000000a0b1', 'hash-b-live', 'llpk_b…', null);
insert into public.properties (id, name, time_zone, organization_id) values
  ('00000000-0000-4000-8000-00000000a1a1', 'Org Test A1', 'America/Chicago', '00000000-0000-4000-8000-00000000a0a1'),
  ('00000000-0000-4000-8000-00000000a1a2', 'Org Test A2', 'America/Chicago', '00000000-0000-4000-8000-00000000a0a1'),
  ('00000000-0000-4000-8000-00000000a1b1', 'Org Test B1', 'America/Chicago', '00000000-0000-4000-8000-00000000a0b1'),
  ('00000000-0000-4000-8000-00000000a1c1', 'Org Test None', 'America/Chicago', null);
insert into public.agent_calendars (id, property_id, account_email, refresh_token_enc) values
  ('00000000-0000-4000-8000-00000000a2a1', '00000000-0000-4000-8000-00000000a1a1', 'a1@example.com', '\x01'),
  ('00000000-0000-4000-8000-00000000a2b1', '00000000-0000-4000-8000-00000000a1b1', 'b1@example.com', '\x02');
insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, first_name, last_name, email) values
  ('00000000-0000-4000-8000-00000000a1a1', '00000000-0000-4000-8000-00000000a2a1', '2026-12-03 15:00Z', '2026-12-03 15:30Z',
    tstzrange('2026-12-03 15:00Z', '2026-12-03 15:45Z'), 'A', 'A', 'a@example.com'),
  ('00000000-0000-4000-8000-00000000a1b1', '00000000-0000-4000-8000-00000000a2b1', '2026-12-03 15:00Z', '2026-12-03 15:30Z',
    tstzrange('2026-12-03 15:00Z', '2026-12-03 15:45Z'), 'B', 'B', 'b@example.com');

select ok((select bool_and(relrowsecurity and relforcerowsecurity) from pg_class
  where oid in ('public.organizations'::regclass, 'public.portfolio_keys'::regclass)),
  'row-level security is enabled and forced on organizations and portfolio_keys');
select is((select array_agg(r.rolname::text order by r.rolname) from pg_auth_members m join pg_roles r on r.oid = m.roleid
  where m.member = 'lumaleasing_api'::regrole and r.rolname = 'lumaleasing_portfolio'), array['lumaleasing_portfolio'],
  'the functions'' login may switch to lumaleasing_portfolio');

-- Organization A.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000a0a1"}', true); end $$;
set local role lumaleasing_portfolio;
select is((select array_agg(name order by name) from public.properties), array['Org Test A1', 'Org Test A2'],
  'A sees exactly its two properties');
select is((select array_agg(name) from public.organizations), array['Org Test A'], 'A sees only its organization');
select is((select array_agg(account_email) from public.agent_calendars where property_id is not null), array['a1@example.com'],
  'A sees only its calendars');
select is((select count(*)::int from public.tour_bookings where property_id = '00000000-0000-4000-8000-00000000a1b1'), 0,
  'A sees none of B''s tours');
select is((select count(*)::int from public.tour_bookings), 1, 'A sees its own tour');
select throws_ok($$select refresh_token_enc from public.agent_calendars$$, '42501', null, 'a portfolio never reads a token');
select throws_ok($$select email from public.tour_bookings$$, '42501', null, 'nor a prospect''s email');
select throws_ok($$select key_hash from public.portfolio_keys$$, '42501', null, 'nor the keys table');
select throws_ok($$update public.properties set name = 'x'$$, '42501', null, 'a portfolio only reads');
select is(lumaleasing.resolve_portfolio_key('hash-a-live'), '00000000-0000-4000-8000-00000000a0a1'::uuid,
  'the live key resolves to its organization');
select is(lumaleasing.resolve_portfolio_key('hash-a-old'), null, 'a rotated key resolves to nothing');
reset role;

-- Organization B, and a portfolio read with no organization.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000a0b1"}', true); end $$;
set local role lumaleasing_portfolio;
select is((select array_agg(name) from public.properties), array['Org Test B1'], 'B sees only its property');
reset role;
do $$ begin perform set_config('request.jwt.claims', '{}', true); end $$;
set local role lumaleasing_portfolio;
select is((select count(*)::int from public.properties), 0, 'without an organization claim a portfolio read sees nothing');
reset role;

-- A property's request is unchanged: only its property, whatever its organization.
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-00000000a1a1"}', true); end $$;
set local role lumaleasing_property;
select is((select array_agg(name) from public.properties), array['Org Test A1'],
  'a property key still sees only its property');
reset role;

set local role anon;
select throws_ok($$select count(*) from public.organizations$$, '42501', null, 'anon cannot read organizations');
reset role;

select * from finish();
rollback;
