-- Job chains: one marker per job and scope, taken only when free, ours, or stale; the
-- successor's request queued in the same transaction (pg_net sends it after commit);
-- nobody reads the markers directly; the calendar jobs' order has its indexes; pg_cron's
-- run history is cleaned daily.
begin;
create extension if not exists pgtap;
select plan(22);

select ok((select relrowsecurity and relforcerowsecurity from pg_class where oid = 'lumaleasing.job_chains'::regclass),
  'job_chains: row-level security enabled and forced');
select ok(not has_table_privilege('lumaleasing_jobs', 'lumaleasing.job_chains', 'select'), 'the jobs role cannot read the markers');
select ok(not has_table_privilege('lumaleasing_property', 'lumaleasing.job_chains', 'select'), 'a property request cannot read them');
select ok(not has_table_privilege('anon', 'lumaleasing.job_chains', 'select'), 'anon cannot read them');
select ok(has_function_privilege('lumaleasing_jobs', 'lumaleasing.queue_job_successor(text, text, uuid, int, jsonb, interval)', 'execute'),
  'the jobs role may queue a successor');
select ok(not has_function_privilege('lumaleasing_property', 'lumaleasing.queue_job_successor(text, text, uuid, int, jsonb, interval)', 'execute'),
  'a property request may not');
select ok(not has_function_privilege('anon', 'lumaleasing.end_job_chain(text, text, uuid)', 'execute'), 'anon may not end a chain');
select ok(not has_function_privilege('lumaleasing_jobs', 'lumaleasing.call_job(text, jsonb)', 'execute'),
  'the jobs role cannot call a job directly, only through the marker');

-- The calls as the jobs function makes them. The job name answers 404: nothing would run.
set local role lumaleasing_jobs;
select is(lumaleasing.queue_job_successor('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0a1', 1, '{"propertyId": "x"}', interval '3 minutes'),
  true, 'a free marker is taken and the successor queued');
select is(lumaleasing.queue_job_successor('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0b2', 1, '{}', interval '3 minutes'),
  false, 'another chain''s fresh marker is respected: no second chain');
select is(lumaleasing.queue_job_successor('chain-test', 'scope-2', '00000000-0000-4000-8000-00000000c0b2', 1, '{}', interval '3 minutes'),
  true, 'another scope has its own marker');
select is(lumaleasing.queue_job_successor('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0a1', 2, '{}', interval '3 minutes'),
  true, 'the holder carries on');
reset role;

select is((select count(*)::int from net.http_request_queue where url like '%/lumaleasing-jobs/chain-test'), 3,
  'one request per successor, sent only after commit');
select is((select convert_from(body, 'UTF8')::jsonb from net.http_request_queue
    where url like '%/lumaleasing-jobs/chain-test' order by id limit 1),
  '{"job": "chain-test", "chain": "00000000-0000-4000-8000-00000000c0a1", "depth": 1, "propertyId": "x"}'::jsonb,
  'the successor carries the job, its chain, its depth and the scope');
select is((select depth from lumaleasing.job_chains where job = 'chain-test' and scope = 'scope-1'), 2, 'the marker follows the depth');

update lumaleasing.job_chains set queued_at = now() - interval '4 minutes' where job = 'chain-test' and scope = 'scope-1';
set local role lumaleasing_jobs;
select is(lumaleasing.queue_job_successor('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0b2', 1, '{}', interval '3 minutes'),
  true, 'a stale marker (its chain died) is taken over');
select is(lumaleasing.end_job_chain('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0a1'), false,
  'the chain that lost the marker frees nothing');
select is(lumaleasing.end_job_chain('chain-test', 'scope-1', '00000000-0000-4000-8000-00000000c0b2'), true, 'its holder frees it');
reset role;

select ok(exists (select 1 from pg_indexes where schemaname = 'public' and tablename = 'agent_calendars'
    and indexname in ('agent_calendars_health_order', 'agent_calendars_watch_order') having count(*) = 2),
  'least-recently-checked order is indexed for both calendar jobs');
select ok(exists (select 1 from cron.job where jobname = 'lumaleasing-job-history' and command like '%clean_job_history%'),
  'pg_cron''s run history is cleaned daily');

insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
values (424242, 1, 'postgres', 'postgres', 'select 1', 'succeeded', 'old', now() - interval '8 days', now() - interval '8 days'),
  (424242, 1, 'postgres', 'postgres', 'select 1', 'succeeded', 'recent', now() - interval '6 days', now() - interval '6 days');
insert into lumaleasing.job_chains (job, scope, chain_id, depth, queued_at)
values ('chain-test', 'long-gone', '00000000-0000-4000-8000-00000000c0c3', 7, now() - interval '2 days');
select lumaleasing.clean_job_history();
select is((select array_agg(return_message) from cron.job_run_details where jobid = 424242), array['recent'],
  'run history older than 7 days is deleted, the last week kept');
select is((select count(*)::int from lumaleasing.job_chains where scope = 'long-gone'), 0, 'a marker untouched for a day is dropped');

select * from finish();
rollback;
