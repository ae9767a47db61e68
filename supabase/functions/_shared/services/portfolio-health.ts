// The Portfolio page's reads, as lumaleasing_portfolio: row security keeps them to the
// organization's properties, and the column grants keep tokens out of reach.
import { type Sql, withPortfolio } from "../adapters/db.ts";
import type { HealthRow } from "../contracts/portfolio.ts";
import { nextReconnectAllowedAt } from "../core/portfolio-health.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface Raw {
  property_id: string;
  property_name: string;
  settings_known: boolean;
  id: string | null;
  account_email: string | null;
  display_name: string | null;
  token_status: string | null;
  last_health_check_at: Date | null;
  last_refresh_at: Date | null;
  access_token_expires_at: Date | null;
  refresh_token_expires_at: Date | null;
  error: string | null;
  error_outcome: string | null;
  error_at: Date | null;
  last_email_at: Date | null;
}

/** Every property × connected calendar of the organization (a property without one: one row, no calendar). */
export async function portfolioHealth(sql: Sql, organizationId: string, now: Date): Promise<{ organization: { id: string; name: string }; rows: HealthRow[] }> {
  return await withPortfolio(organizationId, async (tx) => {
    const [org] = await tx<{ id: string; name: string }[]>`select id, name from public.organizations`;
    const raw = await tx<Raw[]>`
      select p.id as property_id, p.name as property_name, p.admin_url is not null as settings_known,
        c.id, c.account_email, c.display_name, c.token_status, c.last_health_check_at, c.last_refresh_at,
        c.access_token_expires_at, c.refresh_token_expires_at,
        e.error, e.outcome as error_outcome, e.attempted_at as error_at, r.requested_at as last_email_at
      from public.properties p
      left join public.agent_calendars c on c.property_id = p.id and c.disconnected_at is null
      left join lateral (
        select t.error, t.outcome, t.attempted_at from public.calendar_token_refreshes t
        where t.agent_calendar_id = c.id and t.outcome <> 'refreshed'
        order by t.attempted_at desc limit 1) e on true
      left join lateral (
        select q.requested_at from public.calendar_reconnect_requests q
        where q.agent_calendar_id = c.id order by q.requested_at desc limit 1) r on true
      order by p.name, p.id, c.account_email`;
    const rows: HealthRow[] = raw.map((r) => ({
      propertyId: r.property_id,
      propertyName: r.property_name,
      settingsPageKnown: r.settings_known,
      calendar: r.id
        ? {
          id: r.id,
          accountEmail: r.account_email ?? "",
          displayName: r.display_name,
          status: r.token_status ?? "healthy",
          lastHealthCheckAt: iso(r.last_health_check_at),
          lastRefreshAt: iso(r.last_refresh_at),
          accessTokenExpiresAt: iso(r.access_token_expires_at),
          grantExpiresAt: iso(r.refresh_token_expires_at),
          lastError: r.error_at ? { message: r.error ?? r.error_outcome ?? "error", outcome: r.error_outcome ?? "error", at: r.error_at.toISOString() } : null,
          lastReconnectEmailAt: iso(r.last_email_at),
          nextReconnectEmailAt: iso(nextReconnectAllowedAt(r.last_email_at, now)),
        }
        : null,
    }));
    return { organization: org ?? { id: organizationId, name: "" }, rows };
  }, sql);
}

export interface RefreshActivity {
  id: number;
  at: string;
  trigger: string;
  outcome: string;
  error: string | null;
  propertyId: string;
  propertyName: string;
  calendarId: string;
  accountEmail: string;
}

/** The organization's most recent token refresh attempts, newest first. */
export async function refreshActivity(sql: Sql, organizationId: string, limit: number): Promise<RefreshActivity[]> {
  return await withPortfolio(organizationId, async (tx) => {
    const rows = await tx<{ id: bigint; attempted_at: Date; trigger: string; outcome: string; error: string | null; property_id: string; property_name: string; agent_calendar_id: string; account_email: string }[]>`
      with recent as materialized (
        -- The newest first, straight off the (attempted_at, id) index; names joined after the limit.
        select t.id, t.attempted_at, t.trigger, t.outcome, t.error, t.property_id, t.agent_calendar_id
        from public.calendar_token_refreshes t
        order by t.attempted_at desc, t.id desc
        limit ${limit})
      select r.id, r.attempted_at, r.trigger, r.outcome, r.error, r.property_id, p.name as property_name,
        r.agent_calendar_id, c.account_email
      from recent r
      join public.properties p on p.id = r.property_id
      join public.agent_calendars c on c.id = r.agent_calendar_id
      order by r.attempted_at desc, r.id desc`;
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.attempted_at.toISOString(),
      trigger: r.trigger,
      outcome: r.outcome,
      error: r.error,
      propertyId: r.property_id,
      propertyName: r.property_name,
      calendarId: r.agent_calendar_id,
      accountEmail: r.account_email,
    }));
  }, sql);
}
