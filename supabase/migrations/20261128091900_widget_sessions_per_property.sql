-- A widget session id is the browser's, one per site: a site that shows two properties'
-- widgets sends the same id to both. So a session is per property, keyed by
-- (property, session id); the same id at another property is another session.
alter table public.widget_sessions drop constraint if exists widget_sessions_pkey;
alter table public.widget_sessions add constraint widget_sessions_pkey primary key (property_id, id);
