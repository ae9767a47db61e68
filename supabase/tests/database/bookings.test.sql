-- No double booking by construction: overlapping live bookings for one agent are
-- rejected; a cancelled booking frees its time; other agents are independent.
begin;
create extension if not exists pgtap;
select plan(7);

insert into public.properties (id, name, time_zone) values ('00000000-0000-4000-8000-0000000000e1', 'Overlap Test', 'America/Chicago');
insert into public.agent_calendars (id, property_id, account_email) values
  ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-0000000000e1', 'one@example.com'),
  ('00000000-0000-4000-8000-0000000000e3', '00000000-0000-4000-8000-0000000000e1', 'two@example.com');

create function pg_temp.book(agent uuid, s timestamptz, e timestamptz, st text default 'confirmed') returns void language sql as $$
  insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, status, first_name, last_name, email)
  values ('00000000-0000-4000-8000-0000000000e1', agent, s, e, tstzrange(s, e), st, 'T', 'T', 't@example.com')
$$;

select lives_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e2', '2030-03-04 15:00Z', '2030-03-04 15:30Z')$$, 'a first booking is accepted');
select throws_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e2', '2030-03-04 15:15Z', '2030-03-04 15:45Z')$$,
  '23P01', null, 'an overlapping live booking for the same agent is rejected');
select lives_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e2', '2030-03-04 15:30Z', '2030-03-04 16:00Z')$$, 'a back-to-back booking (end exclusive) is accepted');
select lives_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e3', '2030-03-04 15:00Z', '2030-03-04 15:30Z')$$, 'another agent can take the same time');
select lives_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e2', '2030-03-04 15:00Z', '2030-03-04 15:30Z', 'cancelled')$$, 'a cancelled booking may overlap');
update public.tour_bookings set status = 'cancelled' where agent_calendar_id = '00000000-0000-4000-8000-0000000000e2' and start_at = '2030-03-04 15:00Z' and status = 'confirmed';
select lives_ok($$select pg_temp.book('00000000-0000-4000-8000-0000000000e2', '2030-03-04 15:00Z', '2030-03-04 15:30Z')$$, 'cancelling frees the time for a new booking');
select throws_ok($$update public.tour_bookings set status = 'confirmed' where agent_calendar_id = '00000000-0000-4000-8000-0000000000e2' and status = 'cancelled' and start_at = '2030-03-04 15:00Z'$$,
  '23P01', null, 're-confirming a cancelled booking over a live one is rejected');

select * from finish();
rollback;
