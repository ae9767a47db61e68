-- The follow-up email after an attended tour: off by default, set per property, and only
-- with an https apply link to send the prospect to. New columns of an existing table: its
-- row-level security and table grants already cover them.

alter table public.properties
  add column if not exists follow_up_email boolean not null default false,
  add column if not exists apply_url text;

do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'properties_apply_url_check') then
    alter table public.properties
      add constraint properties_apply_url_check
      check (apply_url is null or (apply_url ~ '^https://[^[:space:]]+$' and length(apply_url) <= 2000));
  end if;
  if not exists (select 1 from pg_constraint where conname = 'properties_follow_up_needs_apply_url') then
    alter table public.properties
      add constraint properties_follow_up_needs_apply_url check (not follow_up_email or apply_url is not null);
  end if;
end $$;

comment on column public.properties.follow_up_email is
  'Whether a prospect whose tour is marked attended (completed) gets a thank-you email with the apply link.';
comment on column public.properties.apply_url is
  'The property''s online application (https); the follow-up email links to it.';
