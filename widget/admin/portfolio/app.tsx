/** @jsxImportSource preact */
// The Portfolio page: every property × calendar of the organization in a WordPress list
// table (status filters with counts, search, checkboxes and the "Email re-connect links"
// bulk action), the action's result as WordPress notices, and the recent refresh activity.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t, tf, tn } from "../i18n.ts";
import type { PortfolioApi } from "./api.ts";
import {
  absoluteTime,
  type Notice,
  outcomeInfo,
  reconnectNotices,
  relativeTime,
  selectableIds,
  statusInfo,
  toggleAll,
  toggleOne,
  triggerLabel,
} from "./format.ts";
import { portfolioStyles } from "./styles.ts";
import { type CalendarState, type HealthResult, type HealthRow, type PortfolioConfig, type RefreshActivity, STATES } from "./types.ts";

const ACTIVITY_LIMIT = 50;

function When({ iso, now, empty }: { iso: string | null; now: Date; empty?: string }) {
  if (!iso) return <span class="ll-muted">{empty ?? t("never")}</span>;
  return (
    <span>
      <time dateTime={iso} title={absoluteTime(iso)}>{relativeTime(iso, now)}</time>
      <br />
      <span class="ll-muted">{absoluteTime(iso)}</span>
    </span>
  );
}

function Badge({ info }: { info: { label: string; symbol: string; tone: string } }) {
  return (
    <span class={`ll-badge ll-tone-${info.tone}`}>
      <span aria-hidden="true">{info.symbol}</span> {info.label}
    </span>
  );
}

function NoticeBox({ notice }: { notice: Notice }) {
  return (
    <div class={`notice notice-${notice.type} inline`}>
      <p>{notice.message}</p>
      {notice.items.length > 0 && (
        <ul class="ll-notice-list">
          {notice.items.map((item) => <li key={item}>{item}</li>)}
        </ul>
      )}
    </div>
  );
}

function filterLabel(status: CalendarState | ""): string {
  return status ? statusInfo(status).label : t("All");
}

export function PortfolioApp({ config, api, now: nowProp }: { config: PortfolioConfig; api: PortfolioApi; now?: () => Date }) {
  const now = nowProp ?? (() => new Date());
  const [status, setStatus] = useState<CalendarState | "">("");
  const [query, setQuery] = useState("");
  const [draft, setDraft] = useState("");
  const [health, setHealth] = useState<HealthResult | null>(null);
  const [activity, setActivity] = useState<RefreshActivity[] | null>(null);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState("-1");
  const [sending, setSending] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [announce, setAnnounce] = useState("");
  const noticeRef = useRef<HTMLDivElement>(null);
  const seq = useRef(0);

  async function load(nextStatus = status, nextQuery = query) {
    const mine = ++seq.current;
    setLoading(true);
    setError("");
    try {
      const [h, a] = await Promise.all([api.health(nextStatus, nextQuery), api.activity(ACTIVITY_LIMIT)]);
      if (mine !== seq.current) return;
      setHealth(h);
      setActivity(a);
      const shown = new Set(selectableIds(h.rows));
      setSelected((s) => new Set([...s].filter((id) => shown.has(id))));
      setAnnounce(tf(t("%1$s shown: %2$s."), tn("%d row", "%d rows", h.rows.length), filterLabel(nextStatus)));
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err instanceof ApiError ? err.message : t("Something went wrong. Please try again."));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }

  useEffect(() => {
    void load();
  }, []);

  function choose(next: CalendarState | "", e: Event) {
    e.preventDefault();
    setStatus(next);
    void load(next, query);
  }

  function search(e: Event) {
    e.preventDefault();
    setQuery(draft);
    void load(status, draft);
  }

  async function apply(e: Event) {
    e.preventDefault();
    if (action !== "reconnect") {
      setNotices([{ type: "error", message: t("Choose a bulk action first."), items: [] }]);
      noticeRef.current?.focus();
      return;
    }
    const ids = [...selected];
    if (!ids.length) {
      setNotices([{ type: "error", message: t("Select at least one calendar."), items: [] }]);
      noticeRef.current?.focus();
      return;
    }
    setSending(true);
    try {
      const result = await api.reconnect(ids);
      setNotices(reconnectNotices(result, now()));
      setSelected(new Set());
      await load();
    } catch (err) {
      setNotices([{ type: "error", message: err instanceof ApiError ? err.message : t("Something went wrong. Please try again."), items: [] }]);
    } finally {
      setSending(false);
      noticeRef.current?.focus();
    }
  }

  const rows = health?.rows ?? [];
  const shownIds = selectableIds(rows);
  const allSelected = shownIds.length > 0 && shownIds.every((id) => selected.has(id));
  const at = health ? new Date(health.now) : now();
  const columns = 8;

  return (
    <div class="ll-admin ll-portfolio">
      <style>{portfolioStyles}</style>
      <div class="ll-visually-hidden" role="status" aria-live="polite">{announce}</div>
      <div ref={noticeRef} tabIndex={-1} class="ll-notices" role="status" aria-live="polite">
        {notices.map((n, i) => <NoticeBox key={i} notice={n} />)}
      </div>

      <h2 id="ll-portfolio-health">{t("Calendar health")}</h2>
      {health && (
        <p class="ll-muted">
          {tf(t("%1$s in %2$s."), tn("%d property", "%d properties", health.properties), health.organization.name || config.organization)}
          {health.counts.noCalendar > 0 && ` ${tn("%d has no calendar connected.", "%d have no calendar connected.", health.counts.noCalendar)}`}
        </p>
      )}

      <ul class="subsubsub" aria-label={t("Filter by status")}>
        {(["", ...STATES] as Array<CalendarState | "">).map((s, i) => (
          <li key={s || "all"}>
            <a
              href={`#status=${s || "all"}`}
              class={status === s ? "current" : ""}
              aria-current={status === s ? "page" : undefined}
              onClick={(e) => choose(s, e)}
            >
              {filterLabel(s)} <span class="count">({health ? health.counts[s || "all"] : "…"})</span>
            </a>
            {i < STATES.length ? " |" : ""}
          </li>
        ))}
      </ul>

      <form class="search-form ll-search" role="search" onSubmit={search}>
        <p class="search-box">
          <label class="screen-reader-text" for="ll-portfolio-search">{t("Search properties and calendars")}</label>
          <input type="search" id="ll-portfolio-search" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
          <button type="submit" class="button">{t("Search")}</button>
        </p>
      </form>

      <form onSubmit={apply}>
        <div class="tablenav top">
          <div class="alignleft actions bulkactions">
            <label class="screen-reader-text" for="ll-bulk-action">{t("Select bulk action")}</label>
            <select id="ll-bulk-action" value={action} onChange={(e) => setAction((e.target as HTMLSelectElement).value)}>
              <option value="-1">{t("Bulk actions")}</option>
              <option value="reconnect">{t("Email re-connect links")}</option>
            </select>
            <button type="submit" class="button action" disabled={sending}>{sending ? t("Sending…") : t("Apply")}</button>
          </div>
          <div class="alignleft actions">
            <button type="button" class="button" onClick={() => void load()} disabled={loading}>{t("Refresh")}</button>
          </div>
          <div class="tablenav-pages one-page">
            <span class="displaying-num">{tn("%d item", "%d items", rows.length)}</span>
          </div>
          <br class="clear" />
        </div>

        {error && <div class="notice notice-error inline" role="alert"><p>{error}</p></div>}

        <table class="wp-list-table widefat fixed striped table-view-list ll-health" aria-busy={loading ? "true" : "false"}>
          <caption class="screen-reader-text">
            {tf(t("Calendars across the portfolio, filtered: %s"), filterLabel(status))}
          </caption>
          <thead>
            <tr>
              <td class="manage-column column-cb check-column">
                <input
                  id="ll-select-all"
                  type="checkbox"
                  checked={allSelected}
                  disabled={!shownIds.length}
                  onChange={() => setSelected(toggleAll(selected, shownIds))}
                />
                <label for="ll-select-all"><span class="screen-reader-text">{t("Select all")}</span></label>
              </td>
              <th scope="col" class="manage-column column-primary">{t("Calendar")}</th>
              <th scope="col" class="manage-column">{t("Property")}</th>
              <th scope="col" class="manage-column">{t("Last check")}</th>
              <th scope="col" class="manage-column">{t("Access token expires")}</th>
              <th scope="col" class="manage-column">{t("Grant expires")}</th>
              <th scope="col" class="manage-column">{t("Last error")}</th>
              <th scope="col" class="manage-column">{t("Re-connect email")}</th>
            </tr>
          </thead>
          <tbody>
            {!health && loading && (
              <tr class="no-items"><td colSpan={columns}>{t("Loading calendar health…")}</td></tr>
            )}
            {health && rows.length === 0 && (
              <tr class="no-items"><td colSpan={columns}>{t("No calendars match.")}</td></tr>
            )}
            {rows.map((row) => <Row key={`${row.propertyId}:${row.calendar?.id ?? "none"}`} row={row} now={at} selected={selected} expanded={expanded}
              onSelect={(id) => setSelected(toggleOne(selected, id))} onExpand={(key) => setExpanded(toggleOne(expanded, key))} />)}
          </tbody>
        </table>
      </form>

      <h2 id="ll-portfolio-activity">{t("Recent refresh activity")}</h2>
      <table class="wp-list-table widefat fixed striped ll-activity">
        <caption class="screen-reader-text">{tf(t("The latest %d token refresh attempts"), ACTIVITY_LIMIT)}</caption>
        <thead>
          <tr>
            <th scope="col" class="manage-column column-primary">{t("When")}</th>
            <th scope="col" class="manage-column">{t("Outcome")}</th>
            <th scope="col" class="manage-column">{t("Calendar")}</th>
            <th scope="col" class="manage-column">{t("Property")}</th>
            <th scope="col" class="manage-column">{t("Trigger")}</th>
            <th scope="col" class="manage-column">{t("Error")}</th>
          </tr>
        </thead>
        <tbody>
          {activity && activity.length === 0 && <tr class="no-items"><td colSpan={6}>{t("No refresh activity yet.")}</td></tr>}
          {(activity ?? []).map((a) => (
            <tr key={a.id} class="is-expanded">
              <td class="column-primary" data-colname={t("When")}><When iso={a.at} now={at} /></td>
              <td data-colname={t("Outcome")}><Badge info={outcomeInfo(a.outcome)} /></td>
              <td data-colname={t("Calendar")} class="ll-wrap">{a.accountEmail}</td>
              <td data-colname={t("Property")} class="ll-wrap">{a.propertyName}</td>
              <td data-colname={t("Trigger")}>{triggerLabel(a.trigger)}</td>
              <td data-colname={t("Error")} class="ll-wrap">{a.error ?? <span class="ll-muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ row, now, selected, expanded, onSelect, onExpand }: {
  row: HealthRow;
  now: Date;
  selected: Set<string>;
  expanded: Set<string>;
  onSelect: (id: string) => void;
  onExpand: (key: string) => void;
}) {
  const cal = row.calendar;
  const key = `${row.propertyId}:${cal?.id ?? "none"}`;
  const open = expanded.has(key);
  const checkId = cal ? `ll-cb-${cal.id}` : "";
  return (
    <tr class={open ? "is-expanded" : ""} data-status={cal?.status ?? "none"}>
      <th scope="row" class="check-column">
        {cal && (
          <>
            <input id={checkId} type="checkbox" checked={selected.has(cal.id)} onChange={() => onSelect(cal.id)} />
            <label for={checkId}>
              <span class="screen-reader-text">{tf(t("Select %1$s at %2$s"), cal.accountEmail, row.propertyName)}</span>
            </label>
          </>
        )}
      </th>
      <td class="column-primary ll-wrap" data-colname={t("Calendar")}>
        {cal
          ? (
            <>
              <strong>{cal.accountEmail}</strong>
              {cal.displayName && <span class="ll-muted"> ({cal.displayName})</span>}
              <br />
              <Badge info={statusInfo(cal.status)} />
            </>
          )
          : <span class="ll-muted">{t("No calendar connected")}</span>}
        <button
          type="button"
          class="toggle-row"
          aria-expanded={open ? "true" : "false"}
          onClick={(e) => {
            e.stopPropagation();
            onExpand(key);
          }}
        >
          <span class="screen-reader-text">{open ? t("Show fewer details") : t("Show more details")}</span>
        </button>
      </td>
      <td data-colname={t("Property")} class="ll-wrap">
        {row.propertyName}
        {!row.settingsPageKnown && (
          <p class="ll-muted ll-small">{t("Settings page unknown: re-connect emails cannot link to it yet.")}</p>
        )}
      </td>
      <td data-colname={t("Last check")}>{cal ? <When iso={cal.lastHealthCheckAt} now={now} /> : "—"}</td>
      <td data-colname={t("Access token expires")}>{cal ? <When iso={cal.accessTokenExpiresAt} now={now} empty={t("unknown")} /> : "—"}</td>
      <td data-colname={t("Grant expires")}>{cal ? <When iso={cal.grantExpiresAt} now={now} empty={t("no set end")} /> : "—"}</td>
      <td data-colname={t("Last error")} class="ll-wrap">
        {cal?.lastError
          ? (
            <>
              {cal.lastError.message}
              <br />
              <When iso={cal.lastError.at} now={now} />
            </>
          )
          : <span class="ll-muted">{t("none")}</span>}
      </td>
      <td data-colname={t("Re-connect email")}>
        {cal?.lastReconnectEmailAt
          ? (
            <>
              <When iso={cal.lastReconnectEmailAt} now={now} />
              {cal.nextReconnectEmailAt && (
                <p class="ll-muted ll-small">{tf(t("Next possible %s"), relativeTime(cal.nextReconnectEmailAt, now))}</p>
              )}
            </>
          )
          : <span class="ll-muted">{cal ? t("not sent") : "—"}</span>}
      </td>
    </tr>
  );
}
