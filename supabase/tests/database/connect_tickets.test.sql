-- Operator connect tickets: a request reads and marks used only its own property's
-- tickets, never mints one or changes anything but used_at; the resolver answers only
-- for an exact hash; the jobs role and anon reach nothing.
begin;
create extension if not exists pgtap;
select plan(11);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000c1', 'Ticket Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000000c2', 'Ticket Test B', 'America/Chicago');
insert into public.connect_tickets (token_hash, property_id, connected_by, expires_at) values
  ('hash-a', '00000000-0000-4000-8000-0000000000c1', 'agent-a@example.com', now() + interval '1 day'),
  ('hash-b', '00000000-0000-4000-8000-0000000000c2', 'agent-b@example.com', now() + interval '1 day');

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.connect_tickets'::regclass),
  'row-level security is enabled and forced');

do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000000c1"}', true); end $$;
set local role lumaleasing_property;
select is((select array_agg(token_hash) from public.connect_tickets), array['hash-a'], 'A reads only its own ticket');
select is(lumaleasing.resolve_connect_ticket('hash-b'), '00000000-0000-4000-8000-0000000000c2'::uuid, 'the resolver finds a ticket by its exact hash');
select is(lumaleasing.resolve_connect_ticket('hash'), null, 'and nothing for a prefix');
select is(pg_temp.rows_changed($$update public.connect_tickets set used_at = now() where token_hash = 'hash-a'$$), 1, 'A marks its own ticket used');
select is(pg_temp.rows_changed($$update public.connect_tickets set used_at = now() where token_hash = 'hash-b'$$), 0, 'A cannot touch B''s ticket');
select throws_ok($$update public.connect_tickets set expires_at = now() + interval '1 year'$$, '42501', null, 'a request cannot extend a ticket');
select throws_ok($$insert into public.connect_tickets (token_hash, property_id, connected_by, expires_at)
  values ('hash-c', '00000000-0000-4000-8000-0000000000c1', 'x', now() + interval '1 day')$$, '42501', null, 'a request cannot mint a ticket');
reset role;

set local role lumaleasing_jobs;
select throws_ok($$select count(*) from public.connect_tickets$$, '42501', null, 'the jobs role cannot read tickets');
reset role;

set local role anon;
select throws_ok($$select count(*) from public.connect_tickets$$, '42501', null, 'anon cannot read tickets');
select throws_ok($$select lumaleasing.resolve_connect_ticket('hash-a')$$, '42501', null, 'anon cannot call the resolver');
reset role;

select * from finish();
rollback;
