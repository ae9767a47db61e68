-- Google revokes every token of one account and OAuth client together. So disconnecting
-- an agent at one property must not revoke at Google while another property still holds
-- a connection to the same Google account: that would break the other property's
-- calendar. This answers yes or no for a calendar of the calling property, and says
-- nothing else about the other property.
create or replace function lumaleasing.google_grant_shared(p_calendar_id uuid)
returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (
    select 1
    from public.agent_calendars mine
    join public.agent_calendars other
      on other.id <> mine.id
     and other.disconnected_at is null
     and other.refresh_token_enc is not null
     and (other.account_subject = mine.account_subject or lower(other.account_email) = lower(mine.account_email))
    where mine.id = p_calendar_id
      and mine.property_id = lumaleasing.current_property_id()
  )
$$;
revoke all on function lumaleasing.google_grant_shared(uuid) from public;
grant execute on function lumaleasing.google_grant_shared(uuid) to lumaleasing_property;
