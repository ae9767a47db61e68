-- Alerts on the success metrics: each organization may name an operations email (and the
-- address of its Portfolio page, for the link). The metric-alerts job (hourly, through
-- pg_cron and the jobs function) computes the last 24 hours of token refresh success,
-- reminder delivery, booking success and Google API success per organization, and for each
-- miss queues one email per metric per day through the outbox (kind metric_alert, the
-- dedupe key naming the organization, the metric and the UTC day).
alter table public.organizations
  add column if not exists operations_email text check (operations_email is null or length(operations_email) between 3 and 320),
  add column if not exists portfolio_url text check (portfolio_url is null or length(portfolio_url) between 8 and 2048),
  -- When the job last looked at this organization's numbers (a round takes those not seen since it began).
  add column if not exists metric_alerts_checked_at timestamptz;
create index if not exists organizations_metric_alerts_order on public.organizations (metric_alerts_checked_at nulls first, id)
  where operations_email is not null;

alter table public.outbox drop constraint if exists outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'google_event_upsert', 'google_event_cancel', 'email', 'sms', 'manager_alert', 'webhook', 'hubspot_sync', 'metric_alert'));

-- The jobs read organizations and mark the ones they have looked at; nothing else.
drop policy if exists jobs_all on public.organizations;
create policy jobs_all on public.organizations for all to lumaleasing_jobs using (true) with check (true);
grant select on public.organizations to lumaleasing_jobs;
grant update (metric_alerts_checked_at) on public.organizations to lumaleasing_jobs;

select cron.schedule('lumaleasing-metric-alerts', '29 * * * *', $$select lumaleasing.call_job('metric-alerts')$$);
