-- pg_cron calls the lumaleasing-jobs function with net.http_post, the way Supabase
-- documents scheduled functions. The functions URL and the cron secret come from Vault
-- (on a hosted project: select vault.create_secret('<value>', 'lumaleasing_cron_secret');
-- the local stack fills the same names).
create extension if not exists pg_cron;
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net;
  end if;
end $$;

create or replace function lumaleasing.call_job(job text) returns bigint
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
    body := jsonb_build_object('job', job),
    params := '{}'::jsonb,
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || secret),
    timeout_milliseconds := 55000
  );
end $$;
revoke all on function lumaleasing.call_job(text) from public;

select cron.schedule('lumaleasing-reminders', '*/15 * * * *', $$select lumaleasing.call_job('reminders')$$);
select cron.schedule('lumaleasing-outbox', '* * * * *', $$select lumaleasing.call_job('outbox')$$);
select cron.schedule('lumaleasing-calendar-health', '7 */6 * * *', $$select lumaleasing.call_job('calendar-health')$$);
select cron.schedule('lumaleasing-watch-renewal', '23 * * * *', $$select lumaleasing.call_job('watch-renewal')$$);
