-- The follow-up email's settings: off by default, and never on without an https apply link.
begin;
create extension if not exists pgtap;
select plan(6);

insert into public.properties (id, name, time_zone) values ('00000000-0000-4000-8000-0000000000f1', 'Follow-up Test', 'America/Chicago');

select is((select follow_up_email from public.properties where id = '00000000-0000-4000-8000-0000000000f1'), false,
  'a new property sends no follow-up email');
select throws_ok($$update public.properties set follow_up_email = true where id = '00000000-0000-4000-8000-0000000000f1'$$,
  '23514', null, 'turning it on without an apply link is refused');
select throws_ok($$update public.properties set apply_url = 'http://apply.example/now' where id = '00000000-0000-4000-8000-0000000000f1'$$,
  '23514', null, 'an http apply link is refused');
select throws_ok($$update public.properties set apply_url = 'https://apply.example/a b' where id = '00000000-0000-4000-8000-0000000000f1'$$,
  '23514', null, 'an apply link with a space is refused');
select lives_ok($$update public.properties set follow_up_email = true, apply_url = 'https://apply.example/now'
  where id = '00000000-0000-4000-8000-0000000000f1'$$, 'on with an https apply link is kept');
select throws_ok($$update public.properties set apply_url = null where id = '00000000-0000-4000-8000-0000000000f1'$$,
  '23514', null, 'the apply link cannot be dropped while the follow-up is on');

select * from finish();
rollback;
