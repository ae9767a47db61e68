-- Tour history: a request reads and adds only its own property's history and never edits
-- or deletes it; the jobs role only reads it; anon reaches nothing; the office's sources.
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.properties (id, name, time_zone) values
  ('00000000-0000-4000-8000-0000000000e1', 'History Test A', 'America/Chicago'),
  ('00000000-0000-4000-8000-0000000000e2', 'History Test B', 'America/Chicago');
insert into public.tour_bookings (id, property_id, start_at, end_at, blocked_range, source, first_name, last_name, email) values
  ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000e1', '2026-12-03 15:00Z', '2026-12-03 15:30Z',
    tstzrange('2026-12-03 15:00Z', '2026-12-03 15:45Z'), 'admin', 'A', 'A', 'a@example.com'),
  ('00000000-0000-4000-8000-0000000000f2', '00000000-0000-4000-8000-0000000000e2', '2026-12-03 15:00Z', '2026-12-03 15:30Z',
    tstzrange('2026-12-03 15:00Z', '2026-12-03 15:45Z'), 'admin', 'B', 'B', 'b@example.com');
insert into public.tour_history (property_id, booking_id, event, actor, wp_user_id, wp_user_name, details) values
  ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000f1', 'note', 'office', '1', 'Ann', '{"text": "a"}'),
  ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-0000000000f2', 'note', 'office', '2', 'Bo', '{"text": "b"}');

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'public.tour_history'::regclass),
  'row-level security is enabled and forced');

do $$ begin perform set_config('request.jwt.claims', '{"property_id": "00000000-0000-4000-8000-0000000000e1"}', true); end $$;
set local role lumaleasing_property;
select is((select array_agg(wp_user_name) from public.tour_history), array['Ann'], 'A reads only its own history');
select lives_ok($$insert into public.tour_history (property_id, booking_id, event, actor)
  values ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000f1', 'cancelled', 'prospect')$$, 'A adds to its own');
select throws_ok($$insert into public.tour_history (property_id, booking_id, event, actor)
  values ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-0000000000f2', 'note', 'office')$$, '42501', null,
  'A cannot write B''s history');
select throws_ok($$update public.tour_history set details = '{}'$$, '42501', null, 'a history is never edited');
select throws_ok($$delete from public.tour_history$$, '42501', null, 'nor deleted');
reset role;

set local role lumaleasing_jobs;
select is((select count(*)::int from public.tour_history where property_id in
  ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2')), 3, 'the jobs role reads histories');
select throws_ok($$insert into public.tour_history (property_id, booking_id, event, actor)
  values ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000f1', 'note', 'office')$$, '42501', null,
  'but writes none');
reset role;

set local role anon;
select throws_ok($$select count(*) from public.tour_history$$, '42501', null, 'anon cannot read histories');
reset role;

select ok((select pg_get_constraintdef(oid) like '%phone%walk_in%' from pg_constraint
  where conrelid = 'public.tour_bookings'::regclass and conname = 'tour_bookings_source_check'),
  'a tour may come from a phone call or a walk-in');

select * from finish();
rollback;
