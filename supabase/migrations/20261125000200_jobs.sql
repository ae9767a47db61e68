-- What the scheduled jobs and the Google two-way sync need beyond the base schema.

-- The time a tour had before its last move, so the "rescheduled" email can say
-- "previously …" however late it is sent. Set by whoever moves the tour.
alter table public.tour_bookings add column if not exists previous_start_at timestamptz;

-- The outbox dispatcher scoped to one property (tests, manual drains).
create index if not exists outbox_due_by_property on public.outbox (property_id, next_attempt_at)
  where status = 'pending';

-- "Is a Google write still queued for this booking?" (the sync must not undo it) and
-- "is a re-connect alert already queued for this calendar?" (health checks).
create index if not exists outbox_pending_by_booking on public.outbox ((payload ->> 'bookingId'))
  where status = 'pending';
create index if not exists outbox_pending_by_calendar on public.outbox ((payload ->> 'calendarId'))
  where status = 'pending' and kind = 'manager_alert';
