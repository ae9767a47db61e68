-- Twilio takes no idempotency key, so a text message whose answer never arrived (a
-- timeout, a reset connection, a crash right after the call) must not simply be sent
-- again. Before calling the provider the dispatcher commits an in-flight mark on the
-- row; the next attempt that finds the mark still there asks the provider whether the
-- message went out (by recipient, a digest of the body and the time of the first mark)
-- and only sends when it did not.
alter table public.outbox
  -- The first attempt whose outcome is still unknown: the look-up searches from here.
  add column if not exists in_flight_at timestamptz,
  -- The attempt that set the mark last (a random id), so it only clears its own mark.
  add column if not exists in_flight_attempt uuid,
  -- SHA-256 (hex) of the body that attempt sent. Only a digest: the text carries the
  -- manage link, whose token is stored nowhere in the clear.
  add column if not exists in_flight_digest text,
  -- The provider's id for the message that went out (Twilio's sid, Resend's id).
  add column if not exists provider_message_id text;

alter table public.outbox drop constraint if exists outbox_in_flight_whole;
alter table public.outbox add constraint outbox_in_flight_whole check (
  (in_flight_at is null and in_flight_attempt is null and in_flight_digest is null)
  or (in_flight_at is not null and in_flight_attempt is not null and in_flight_digest ~ '^[0-9a-f]{64}$')
);

-- The table keeps its row-level security (enabled and forced) and its grants: the jobs
-- role already updates outbox rows, and that covers the new columns.
