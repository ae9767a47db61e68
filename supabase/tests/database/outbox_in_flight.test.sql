-- The outbox's in-flight mark (a text sent without an idempotency key): it is whole or
-- absent, the jobs role can set and clear it, and another property cannot touch it.
begin;
create extension if not exists pgtap;
select plan(8);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000001a1', 'In Flight A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000001b1', 'In Flight B', 'America/Chicago');
insert into public.outbox (id, property_id, kind, payload, dedupe_key) overriding system value values
  (910001, '00000000-0000-4000-8000-0000000001a1', 'sms', '{}', 'in-flight-a');

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

select columns_are('public', 'outbox', array['id', 'property_id', 'kind', 'payload', 'dedupe_key', 'status', 'attempts',
  'next_attempt_at', 'locked_until', 'last_error', 'created_at', 'done_at', 'in_flight_at', 'in_flight_attempt',
  'in_flight_digest', 'provider_message_id', 'ordering_key', 'response_status', 'last_attempt_at'],
  'the outbox has the in-flight mark, the provider''s message id, and the webhook columns');

select throws_ok($$update public.outbox set in_flight_at = now() where id = 910001$$,
  '23514', null, 'a mark without its attempt id and digest is refused');
select throws_ok($$update public.outbox set in_flight_at = now(), in_flight_attempt = gen_random_uuid(), in_flight_digest = 'the body'
  where id = 910001$$, '23514', null, 'the digest is a SHA-256 in hex, never the text itself');

set local role lumaleasing_jobs;
select is(pg_temp.rows_changed($$update public.outbox set in_flight_at = now(), in_flight_attempt = gen_random_uuid(),
  in_flight_digest = encode(sha256('Luma Heights: your tour is confirmed'::bytea), 'hex') where id = 910001$$), 1,
  'the jobs role marks a row in flight');
select is(pg_temp.rows_changed($$update public.outbox set status = 'done', provider_message_id = 'SM0123' where id = 910001$$), 1,
  'the jobs role records the provider''s message id');
select is(pg_temp.rows_changed($$update public.outbox set in_flight_at = null, in_flight_attempt = null, in_flight_digest = null
  where id = 910001$$), 1, 'the jobs role clears the mark');
reset role;

do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000001b1"}', true); end $$;
set local role lumaleasing_property;
select is(pg_temp.rows_changed($$update public.outbox set in_flight_at = null, in_flight_attempt = null, in_flight_digest = null,
  provider_message_id = 'SMforged' where id = 910001$$), 0, 'another property cannot touch the mark or the message id');
reset role;
select is((select provider_message_id from public.outbox where id = 910001), 'SM0123', 'the recorded sid is unchanged');

select * from finish();
rollback;
