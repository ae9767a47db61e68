-- Re-connect email requests (calendar_reconnect_requests): a portfolio request records and
-- reads only its own organization's, for its own properties; it may queue only the
-- portfolio re-connect email in the outbox, and only for its own properties; it reads token
-- and grant expiries and refresh errors, never a token; a property's request and anon see
-- none of the requests; the outbox job reads them.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.organizations (id, name) values
  ('00000000-0000-4000-8000-00000000c0a1', 'Reconnect Test A'),
  ('00000000-0000-4000-8000-00000000c0b1', 'Reconnect Test B');
insert into public.properties (id, name, time_zone, organization_id) values
  ('00000000-0000-4000-8000-00000000c1a1', 'Reconnect Test A1', 'America/Chicago', '00000000-0000-4000-8000-00000000c0a1'),
  ('00000000-0000-4000-8000-00000000c1b1', 'Reconnect Test B1', 'America/Chicago', '00000000-0000-4000-8000-00000000c0b1');
insert into public.agent_calendars (id, property_id, account_email, refresh_token_enc, refresh_token_expires_at) values
  ('00000000-0000-4000-8000-00000000c2a1', '00000000-0000-4000-8000-00000000c1a1', 'a1@example.com', '\x01', '2027-01-01Z'),
  ('00000000-0000-4000-8000-00000000c2b1', '00000000-0000-4000-8000-00000000c1b1', 'b1@example.com', '\x02', null);
insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id, account_email,
  requested_by_name, requested_by_email, recipients) values
  ('00000000-0000-4000-8000-00000000c3b1', '00000000-0000-4000-8000-00000000c0b1', '00000000-0000-4000-8000-00000000c1b1',
   '00000000-0000-4000-8000-00000000c2b1', 'b1@example.com', 'Bea', 'bea@b.example', array['m@b.example']);

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.calendar_reconnect_requests'::regclass),
  'row-level security is enabled and forced on calendar_reconnect_requests');

-- Organization A.
do $$ begin perform set_config('request.jwt.claims', '{"organization_id": "00000000-0000-4000-8000-00000000c0a1"}', true); end $$;
set local role lumaleasing_portfolio;
select lives_ok($$insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id,
    account_email, requested_by_name, requested_by_email, recipients) values ('00000000-0000-4000-8000-00000000c3a1',
    '00000000-0000-4000-8000-00000000c0a1', '00000000-0000-4000-8000-00000000c1a1', '00000000-0000-4000-8000-00000000c2a1',
    'a1@example.com', 'Ann', 'ann@a.example', array['m@a.example'])$$, 'A records a request for its own calendar');
select is((select array_agg(requested_by_name) from public.calendar_reconnect_requests), array['Ann'],
  'A reads only its own requests');
select throws_ok($$insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id,
    account_email, requested_by_name, requested_by_email, recipients) values (gen_random_uuid(),
    '00000000-0000-4000-8000-00000000c0a1', '00000000-0000-4000-8000-00000000c1b1', '00000000-0000-4000-8000-00000000c2b1',
    'b1@example.com', 'Ann', 'ann@a.example', array['m@a.example'])$$, '42501', null, 'A cannot record for B''s property');
select throws_ok($$insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id,
    account_email, requested_by_name, requested_by_email, recipients) values (gen_random_uuid(),
    '00000000-0000-4000-8000-00000000c0b1', '00000000-0000-4000-8000-00000000c1a1', '00000000-0000-4000-8000-00000000c2a1',
    'a1@example.com', 'Ann', 'ann@a.example', array['m@a.example'])$$, '42501', null, 'nor in B''s name');
select throws_ok($$update public.calendar_reconnect_requests set requested_by_name = 'x'$$, '42501', null, 'a request is never edited');
select throws_ok($$delete from public.calendar_reconnect_requests$$, '42501', null, 'nor deleted');
select lives_ok($$insert into public.outbox (property_id, kind, payload, dedupe_key) values ('00000000-0000-4000-8000-00000000c1a1',
    'manager_alert', '{"type": "portfolio_reconnect", "batchId": "00000000-0000-4000-8000-00000000c3a1", "recipient": "m@a.example"}',
    'pgtap-portfolio-reconnect-a')$$, 'A queues its re-connect email');
select throws_ok($$insert into public.outbox (property_id, kind, payload, dedupe_key) values ('00000000-0000-4000-8000-00000000c1a1',
    'email', '{"bookingId": "00000000-0000-4000-8000-00000000c3a1", "template": "tour_confirmation"}', 'pgtap-portfolio-other-kind')$$,
  '42501', null, 'but no other kind of outbox row');
select throws_ok($$insert into public.outbox (property_id, kind, payload, dedupe_key) values ('00000000-0000-4000-8000-00000000c1b1',
    'manager_alert', '{"type": "portfolio_reconnect", "batchId": "00000000-0000-4000-8000-00000000c3a1", "recipient": "m@a.example"}',
    'pgtap-portfolio-reconnect-b')$$, '42501', null, 'and none for B''s property');
select is((select refresh_token_expires_at from public.agent_calendars), '2027-01-01Z'::timestamptz,
  'A reads when its calendar''s grant expires');
select throws_ok($$select access_token_enc from public.agent_calendars$$, '42501', null, 'never a token');
reset role;

-- A property's request and anon see no requests; the jobs read them to write the emails.
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-00000000c1a1"}', true); end $$;
set local role lumaleasing_property;
select throws_ok($$select count(*) from public.calendar_reconnect_requests$$, '42501', null, 'a property''s request cannot read them');
reset role;
set local role anon;
select throws_ok($$select count(*) from public.calendar_reconnect_requests$$, '42501', null, 'anon cannot read them');
reset role;
set local role lumaleasing_jobs;
select is((select count(*)::int from public.calendar_reconnect_requests where organization_id in
  ('00000000-0000-4000-8000-00000000c0a1', '00000000-0000-4000-8000-00000000c0b1')), 2, 'the outbox job reads every request');
select throws_ok($$insert into public.calendar_reconnect_requests (batch_id, organization_id, property_id, agent_calendar_id,
    account_email, requested_by_name, requested_by_email, recipients) values (gen_random_uuid(),
    '00000000-0000-4000-8000-00000000c0a1', '00000000-0000-4000-8000-00000000c1a1', '00000000-0000-4000-8000-00000000c2a1',
    'a1@example.com', 'J', 'j@a.example', array['m@a.example'])$$, '42501', null, 'and writes none');
reset role;

select * from finish();
rollback;
