-- The language prospects are written to in. A booking and a lead keep the language the
-- prospect used (the widget's); without one (a booking made elsewhere, e.g. later from
-- the WordPress admin), the property's default language applies. Only 'en' and 'es' exist.
-- New columns of existing tables: their row-level security and table grants already cover them.

alter table public.properties
  add column if not exists default_language text not null default 'en';
alter table public.tour_bookings
  add column if not exists language text;
alter table public.leads
  add column if not exists language text;

do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'properties_default_language_check') then
    alter table public.properties
      add constraint properties_default_language_check check (default_language in ('en', 'es'));
  end if;
  if not exists (select 1 from pg_constraint where conname = 'tour_bookings_language_check') then
    alter table public.tour_bookings
      add constraint tour_bookings_language_check check (language is null or language in ('en', 'es'));
  end if;
  if not exists (select 1 from pg_constraint where conname = 'leads_language_check') then
    alter table public.leads
      add constraint leads_language_check check (language is null or language in ('en', 'es'));
  end if;
end $$;

comment on column public.properties.default_language is
  'Language of prospect messages and the manage page when a booking or lead has none: en or es.';
comment on column public.tour_bookings.language is
  'Language the prospect booked in (en or es); null means the property''s default_language.';
comment on column public.leads.language is
  'Language the prospect last wrote in (en or es); null means the property''s default_language.';
