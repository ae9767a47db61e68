-- The shared free/busy cache: a request reads, refreshes and drops only its own
-- property's answer; the jobs role can drop an answer (bump the generation) but never
-- read one; anon reaches nothing.
begin;
create extension if not exists pgtap;
select plan(16);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000f1', 'Cache Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000000f2', 'Cache Test B', 'America/Chicago');
insert into public.freebusy_cache (property_id, generation, calendar_set, busy, answered_generation, fetched_at) values
  ('00000000-0000-4000-8000-0000000000f1', 3, 'a', '{"a": [[1, 2]]}', 3, now()),
  ('00000000-0000-4000-8000-0000000000f2', 7, 'b', '{"b": [[1, 2]]}', 7, now());

create function pg_temp.rows_changed(statement text) returns int language plpgsql as $f$
declare n int;
begin
  execute statement;
  get diagnostics n = row_count;
  return n;
end $f$;

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.freebusy_cache'::regclass),
  'row-level security is enabled and forced');

-- Scoped to property A.
do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000000f1"}', true); end $$;
set local role lumaleasing_property;
select is((select count(*)::int from public.freebusy_cache), 1, 'A reads one answer');
select is((select calendar_set from public.freebusy_cache), 'a', 'and it is its own');
select is(pg_temp.rows_changed($$update public.freebusy_cache set generation = generation + 1
  where property_id = '00000000-0000-4000-8000-0000000000f1'$$), 1, 'A drops its own answer');
select is(pg_temp.rows_changed($$update public.freebusy_cache set busy = '{}'
  where property_id = '00000000-0000-4000-8000-0000000000f2'$$), 0, 'A cannot touch B''s answer');
select throws_ok($$insert into public.freebusy_cache (property_id) values ('00000000-0000-4000-8000-0000000000f2')
  on conflict (property_id) do update set generation = freebusy_cache.generation + 1$$,
  '42501', null, 'A cannot bump B''s generation through an upsert');
select throws_ok($$update public.freebusy_cache set property_id = '00000000-0000-4000-8000-0000000000f2'$$,
  '42501', null, 'A cannot move its row into B');
select throws_ok($$delete from public.freebusy_cache$$, '42501', null, 'the property role cannot delete answers');
reset role;
select is((select generation::int from public.freebusy_cache where property_id = '00000000-0000-4000-8000-0000000000f2'), 7,
  'B''s generation is untouched');

-- The jobs role: bumps any property's generation, reads no answer.
set local role lumaleasing_jobs;
select lives_ok($$insert into public.freebusy_cache (property_id, generation) values ('00000000-0000-4000-8000-0000000000f2', 1)
  on conflict (property_id) do update set generation = freebusy_cache.generation + 1$$, 'the jobs role drops an answer');
select throws_ok($$select busy from public.freebusy_cache$$, '42501', null, 'the jobs role cannot read an answer');
select throws_ok($$update public.freebusy_cache set busy = '{}'$$, '42501', null, 'the jobs role cannot write an answer');
reset role;
select is((select generation::int from public.freebusy_cache where property_id = '00000000-0000-4000-8000-0000000000f2'), 8,
  'the jobs role''s bump landed');

-- Anon and authenticated reach nothing.
set local role anon;
select throws_ok($$select * from public.freebusy_cache$$, '42501', null, 'anon cannot read the cache');
reset role;
set local role authenticated;
select throws_ok($$select * from public.freebusy_cache$$, '42501', null, 'authenticated cannot read the cache');
reset role;

-- Deleting a property takes its answer with it.
delete from public.properties where id = '00000000-0000-4000-8000-0000000000f1';
select is((select count(*)::int from public.freebusy_cache where property_id = '00000000-0000-4000-8000-0000000000f1'), 0,
  'a deleted property''s answer goes with it');

select * from finish();
rollback;
