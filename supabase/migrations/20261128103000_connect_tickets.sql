-- Calendar connect links an operator sends to an agent (`npm run property -- connect-link`).
-- The WordPress server's tickets are signed and live 5 minutes; an operator's link must
-- last long enough to be sent and opened, so its ticket is a random token of which only
-- the hash is stored here, with its expiry. It works until it expires or until a calendar
-- has been connected with it.
create table if not exists public.connect_tickets (
  token_hash text primary key,
  property_id uuid not null references public.properties (id) on delete cascade,
  connected_by text not null check (length(connected_by) between 1 and 254),
  -- Where the browser lands after Google's consent; null: the functions' own page.
  return_url text,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index if not exists connect_tickets_property on public.connect_tickets (property_id);

alter table public.connect_tickets enable row level security;
alter table public.connect_tickets force row level security;
revoke all on public.connect_tickets from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on public.connect_tickets from anon, authenticated;
  end if;
end $$;

drop policy if exists property_scope on public.connect_tickets;
create policy property_scope on public.connect_tickets for all to lumaleasing_property
  using (property_id = (select lumaleasing.current_property_id()))
  with check (property_id = (select lumaleasing.current_property_id()));

-- The connect route reads its ticket and the callback marks it used; minting is the
-- operator's (postgres), never a request's.
grant select, update (used_at) on public.connect_tickets to lumaleasing_property;

-- The connect route knows only the token until it has found the ticket.
create or replace function lumaleasing.resolve_connect_ticket(p_token_hash text)
returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select t.property_id from public.connect_tickets t where t.token_hash = p_token_hash
$$;
revoke all on function lumaleasing.resolve_connect_ticket(text) from public;
grant execute on function lumaleasing.resolve_connect_ticket(text) to lumaleasing_property;
