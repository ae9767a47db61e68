-- Webhook endpoints: a request sees and changes only its own property's endpoints; the
-- jobs role reads them and changes nothing; anon reaches nothing. Queuing events puts one
-- outbox row per enabled endpoint that wants the type, with its ordering key, and none
-- for another property's endpoint.
begin;
create extension if not exists pgtap;
select plan(13);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000d1', 'Webhook Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000000d2', 'Webhook Test B', 'America/Chicago');
insert into public.webhook_endpoints (id, property_id, url, events, secret_enc, enabled) values
  ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000d1', 'https://a.example/hook', array['lead.created'], '\x00', true),
  ('00000000-0000-4000-8000-0000000000e3', '00000000-0000-4000-8000-0000000000d1', 'https://a.example/off', array['lead.created'], '\x00', false),
  ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-0000000000d2', 'https://b.example/hook', array['lead.created'], '\x00', true);
insert into public.leads (id, property_id, first_name, email) values
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000d1', 'Ana', 'ana@a.example');

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.webhook_endpoints'::regclass),
  'row-level security is enabled and forced');

do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000000d1"}', true); end $$;
set local role lumaleasing_property;
select is((select count(*)::int from public.webhook_endpoints), 2, 'A reads only its own endpoints');
select is(pg_temp.rows_changed($$update public.webhook_endpoints set enabled = false where id = '00000000-0000-4000-8000-0000000000e2'$$), 0,
  'A cannot change B''s endpoint');
select is(pg_temp.rows_changed($$delete from public.webhook_endpoints where id = '00000000-0000-4000-8000-0000000000e2'$$), 0,
  'A cannot delete B''s endpoint');
select throws_ok($$insert into public.webhook_endpoints (property_id, url, events, secret_enc)
  values ('00000000-0000-4000-8000-0000000000d2', 'https://x.example', array['lead.created'], '\x00')$$, '42501', null,
  'A cannot add an endpoint to B');
select is(lumaleasing.queue_webhook_events('00000000-0000-4000-8000-0000000000d1', now(), array['lead.created'], array['lead:f1'],
  array['evt_pgtap0000001'], array['00000000-0000-4000-8000-0000000000f1']::uuid[], array['{}']::jsonb[]), 1,
  'one delivery: the enabled endpoint that wants lead.created');
select is((select ordering_key from public.outbox where dedupe_key = 'webhook:00000000-0000-4000-8000-0000000000e1:evt_pgtap0000001'),
  'webhook:00000000-0000-4000-8000-0000000000e1:lead:f1', 'with the endpoint and subject as its ordering key');
select is((select payload #>> '{event,data,lead,firstName}' from public.outbox
  where dedupe_key = 'webhook:00000000-0000-4000-8000-0000000000e1:evt_pgtap0000001'), 'Ana', 'and the lead''s snapshot');
select is(lumaleasing.queue_webhook_events('00000000-0000-4000-8000-0000000000d1', now(), array['tour.booked'], array['tour:x'],
  array['evt_pgtap0000002'], array['00000000-0000-4000-8000-0000000000f1']::uuid[], array['{}']::jsonb[]), 0,
  'nothing for a type no endpoint wants');
reset role;

set local role lumaleasing_jobs;
select is((select count(*)::int from public.webhook_endpoints), 3, 'the jobs role reads every endpoint');
select throws_ok($$update public.webhook_endpoints set enabled = false$$, '42501', null, 'and may change none');
reset role;

set local role anon;
select throws_ok($$select count(*) from public.webhook_endpoints$$, '42501', null, 'anon cannot read endpoints');
select throws_ok($$select lumaleasing.queue_webhook_events(null, now(), '{}', '{}', '{}', '{}', '{}')$$, '42501', null,
  'anon cannot queue events');
reset role;

select * from finish();
rollback;
