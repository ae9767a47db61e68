-- Jobs within the platform's budgets at any scale: each invocation does a bounded slice
-- of work and, when work remains, queues its successor through pg_net (the request starts
-- after the queuing transaction commits). What this needs in the database:
--   * call_job with a body, so a successor carries its chain, scope and limits;
--   * one marker per job and scope, so a backlog is worked by one chain at a time (a cron
--     run that finds a chain alive does its own slice and leaves the rest to the chain);
--   * "least recently checked first" for the calendar jobs, with an index each;
--   * a daily clean-up of pg_cron's run history (and of markers a dead chain left behind).

-- ---------------------------------------------------------------- call_job with a body

create or replace function lumaleasing.call_job(job text, body jsonb) returns bigint
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  base_url text;
  secret text;
begin
  select decrypted_secret into base_url from vault.decrypted_secrets where name = 'lumaleasing_functions_url';
  select decrypted_secret into secret from vault.decrypted_secrets where name = 'lumaleasing_cron_secret';
  if base_url is null or secret is null then
    raise warning 'lumaleasing.call_job(%): vault secrets lumaleasing_functions_url / lumaleasing_cron_secret are not set', job;
    return null;
  end if;
  -- pg_net is fire-and-forget: every job is idempotent and the outbox guarantees delivery.
  return net.http_post(
    url := base_url || '/lumaleasing-jobs/' || job,
    body := coalesce(body, '{}'::jsonb) || jsonb_build_object('job', job),
    params := '{}'::jsonb,
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || secret),
    timeout_milliseconds := 55000
  );
end $$;
revoke all on function lumaleasing.call_job(text, jsonb) from public;

-- pg_cron's schedules keep calling the one-argument form.
create or replace function lumaleasing.call_job(job text) returns bigint
language sql security definer set search_path = public, pg_temp as $$
  select lumaleasing.call_job(job, '{}'::jsonb)
$$;
revoke all on function lumaleasing.call_job(text) from public;

-- ---------------------------------------------------------------- one chain per job and scope

-- The chain currently working a job's backlog for a scope ('*' = every property, else a
-- property id): who holds it, how deep it is, and when it last queued a successor.
create table if not exists lumaleasing.job_chains (
  job text not null,
  scope text not null,
  chain_id uuid not null,
  depth int not null check (depth >= 0),
  queued_at timestamptz not null default now(),
  primary key (job, scope)
);
alter table lumaleasing.job_chains enable row level security;
alter table lumaleasing.job_chains force row level security;
-- No policies and no grants: only the two functions below (as their owner) touch it.
revoke all on lumaleasing.job_chains from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute 'revoke all on lumaleasing.job_chains from anon, authenticated';
  end if;
end $$;

-- Queues the successor of an invocation of chain p_chain (a new chain when the marker is
-- free) and holds the marker for it, in the caller's transaction. Refused (false) while
-- another chain holds a marker it refreshed within p_stale_after: a successor request
-- that was lost, or an isolate that died, frees the marker only by going stale.
create or replace function lumaleasing.queue_job_successor(
  p_job text, p_scope text, p_chain uuid, p_depth int, p_body jsonb, p_stale_after interval
) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  taken int;
  request_id bigint;
begin
  insert into lumaleasing.job_chains as c (job, scope, chain_id, depth, queued_at)
  values (p_job, p_scope, p_chain, p_depth, now())
  on conflict (job, scope) do update
    set chain_id = excluded.chain_id, depth = excluded.depth, queued_at = excluded.queued_at
    where c.chain_id = excluded.chain_id or c.queued_at < now() - p_stale_after;
  get diagnostics taken = row_count;
  if taken = 0 then
    return false;
  end if;
  request_id := lumaleasing.call_job(p_job,
    coalesce(p_body, '{}'::jsonb) || jsonb_build_object('chain', p_chain, 'depth', p_depth));
  if request_id is null then
    delete from lumaleasing.job_chains where job = p_job and scope = p_scope and chain_id = p_chain;
    return false;
  end if;
  return true;
end $$;

-- The chain's last invocation found nothing left (or stopped): free the marker if it is ours.
create or replace function lumaleasing.end_job_chain(p_job text, p_scope text, p_chain uuid) returns boolean
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  freed int;
begin
  delete from lumaleasing.job_chains where job = p_job and scope = p_scope and chain_id = p_chain;
  get diagnostics freed = row_count;
  return freed > 0;
end $$;

revoke all on function lumaleasing.queue_job_successor(text, text, uuid, int, jsonb, interval),
  lumaleasing.end_job_chain(text, text, uuid) from public;
grant execute on function lumaleasing.queue_job_successor(text, text, uuid, int, jsonb, interval),
  lumaleasing.end_job_chain(text, text, uuid) to lumaleasing_jobs;

-- ---------------------------------------------------------------- least recently checked first

-- calendar-health takes the calendars checked longest ago (never checked first).
create index if not exists agent_calendars_health_order on public.agent_calendars
  (last_health_check_at nulls first, id) where disconnected_at is null;

-- watch-renewal: when this calendar's channel and incremental sync were last seen to.
alter table public.agent_calendars add column if not exists watch_checked_at timestamptz;
create index if not exists agent_calendars_watch_order on public.agent_calendars
  (watch_checked_at nulls first, id)
  where disconnected_at is null and token_status in ('healthy', 'expiring');

-- ---------------------------------------------------------------- housekeeping

-- pg_cron keeps a row per run (the outbox alone runs 1,440 times a day): keep a week.
-- A marker untouched for a day belongs to a chain that is long gone.
create or replace function lumaleasing.clean_job_history() returns void
language sql set search_path = public, pg_temp as $$
  delete from cron.job_run_details where end_time < now() - interval '7 days';
  delete from lumaleasing.job_chains where queued_at < now() - interval '1 day';
$$;
revoke all on function lumaleasing.clean_job_history() from public;

select cron.schedule('lumaleasing-job-history', '41 3 * * *', $$select lumaleasing.clean_job_history()$$);
