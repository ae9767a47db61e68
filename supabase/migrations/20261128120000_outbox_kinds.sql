-- Webhooks and HubSpot each added an outbox kind in their own migration; the check must
-- allow both (the later migration replaced the earlier one's list).
alter table public.outbox drop constraint if exists outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'google_event_upsert', 'google_event_cancel', 'email', 'sms', 'manager_alert', 'webhook', 'hubspot_sync'));
