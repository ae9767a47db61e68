/** @jsxImportSource preact */
// The List tab: WordPress' list table with status links and counts, filters and search.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { formatDay } from "../format.ts";
import { t, tf, tn } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import { addDays, agentLabel, countByStatus, matchesStatus, STATUS_TABS, type StatusTab, sourceLabel, statusLabel, UNASSIGNED } from "./model.ts";
import type { Agent, ListQuery, TourList } from "./types.ts";

interface ListProps {
  api: ToursApi;
  agents: Agent[];
  colors: Map<string, string>;
  today: string;
  onOpen: (id: string) => void;
  /** Changes to this number load the list again (after an action). */
  refreshKey: number;
}

const SOURCES = ["widget", "phone", "walk_in", "admin", "google"];
const MAX_DAYS = 100;

export function TourListTab({ api, agents, colors, today, onOpen, refreshKey }: ListProps) {
  const [draft, setDraft] = useState<ListQuery>({ from: today, to: addDays(today, 30), agent: "", source: "", q: "" });
  const [query, setQuery] = useState<ListQuery>(draft);
  const [tab, setTab] = useState<StatusTab>("all");
  const [result, setResult] = useState<TourList | null>(null);
  const [error, setError] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  useEffect(() => {
    let live = true;
    setError("");
    api.list(query).then((r) => live && setResult(r)).catch((err) => {
      if (!live) return;
      setError(err instanceof ApiError ? err.message : t("The tours could not be loaded."));
      setFields(err instanceof ApiError ? err.fields : {});
    });
    return () => {
      live = false;
    };
  }, [api, query, refreshKey]);

  const apply = (next: ListQuery) => {
    const local: Record<string, string> = {};
    if (!next.from) local.from = t("Choose the first day.");
    if (!next.to) local.to = t("Choose the last day.");
    if (next.from && next.to && next.to < next.from) local.to = t("The last day must be on or after the first.");
    if (next.from && next.to && addDays(next.from, MAX_DAYS - 1) < next.to) local.to = tf("Show at most %d days at a time.", MAX_DAYS);
    setFields(local);
    if (Object.keys(local).length === 0) setQuery({ ...next });
  };

  const tours = result?.tours ?? [];
  const counts = countByStatus(tours);
  const shown = tours.filter((tour) => matchesStatus(tour, tab));
  const toggle = (id: string) => setExpanded((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  return (
    <div class="ll-list">
      <ul class="subsubsub">
        {STATUS_TABS.map((s, i) => (
          <li key={s}>
            <a href={`#status-${s}`} class={tab === s ? "current" : undefined} aria-current={tab === s ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                setTab(s);
              }}>
              {s === "all" ? t("All") : statusLabel(s)} <span class="count">({counts[s]})</span>
            </a>
            {i < STATUS_TABS.length - 1 ? " |" : ""}
          </li>
        ))}
      </ul>
      <form class="ll-search" role="search" onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}>
        <p class="search-box">
          <label class="screen-reader-text" for="ll-tour-search">{t("Search tours:")}</label>
          <input type="search" id="ll-tour-search" value={draft.q} placeholder={t("Name, email or phone")}
            onInput={(e) => setDraft((d) => ({ ...d, q: (e.target as HTMLInputElement).value }))} />
          <input type="submit" class="button" value={t("Search tours")} />
        </p>
      </form>
      <form class="tablenav top" onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}>
        <div class="alignleft actions ll-filters">
          <label for="ll-filter-from">{t("From")}</label>
          <input type="date" id="ll-filter-from" value={draft.from} aria-invalid={fields.from ? "true" : undefined}
            aria-describedby={fields.from ? "ll-filter-from-error" : undefined}
            onInput={(e) => setDraft((d) => ({ ...d, from: (e.target as HTMLInputElement).value }))} />
          <label for="ll-filter-to">{t("To")}</label>
          <input type="date" id="ll-filter-to" value={draft.to} aria-invalid={fields.to ? "true" : undefined}
            aria-describedby={fields.to ? "ll-filter-to-error" : undefined}
            onInput={(e) => setDraft((d) => ({ ...d, to: (e.target as HTMLInputElement).value }))} />
          <label for="ll-filter-agent" class="screen-reader-text">{t("Filter by agent")}</label>
          <select id="ll-filter-agent" value={draft.agent} onChange={(e) => setDraft((d) => ({ ...d, agent: (e.target as HTMLSelectElement).value }))}>
            <option value="">{t("All agents")}</option>
            {agents.map((a) => <option key={a.id} value={a.id}>{a.accountEmail}</option>)}
          </select>
          <label for="ll-filter-source" class="screen-reader-text">{t("Filter by source")}</label>
          <select id="ll-filter-source" value={draft.source} onChange={(e) => setDraft((d) => ({ ...d, source: (e.target as HTMLSelectElement).value }))}>
            <option value="">{t("All sources")}</option>
            {SOURCES.map((s) => <option key={s} value={s}>{sourceLabel(s)}</option>)}
          </select>
          <input type="submit" class="button" value={t("Filter")} />
        </div>
        <div class="tablenav-pages one-page">
          <span class="displaying-num">{tn("%d tour", "%d tours", shown.length)}</span>
        </div>
        <br class="clear" />
        {fields.from && <p id="ll-filter-from-error" class="ll-field-error">{fields.from}</p>}
        {fields.to && <p id="ll-filter-to-error" class="ll-field-error">{fields.to}</p>}
      </form>
      {error && <div class="notice notice-error inline" role="alert"><p>{error}</p></div>}
      {result?.capped && (
        <div class="notice notice-warning inline"><p>{tf("Showing the first %d tours. Narrow the dates or filters to see the rest.", result.limit)}</p></div>
      )}
      <table class="wp-list-table widefat fixed striped table-view-list ll-tour-table">
        <caption class="screen-reader-text">{tf("Tours from %1$s to %2$s", formatDay(query.from), formatDay(query.to))}</caption>
        <thead>
          <tr>
            <th scope="col" class="manage-column column-primary">{t("Time")}</th>
            <th scope="col" class="manage-column">{t("Prospect")}</th>
            <th scope="col" class="manage-column">{t("Agent")}</th>
            <th scope="col" class="manage-column">{t("Source")}</th>
            <th scope="col" class="manage-column">{t("Status")}</th>
          </tr>
        </thead>
        <tbody>
          {!result && !error && <tr class="no-items"><td colSpan={5}>{t("Loading tours…")}</td></tr>}
          {result && shown.length === 0 && <tr class="no-items"><td colSpan={5}>{t("No tours found.")}</td></tr>}
          {shown.map((tour) => (
            <tr key={tour.id} class={expanded.has(tour.id) ? "is-expanded" : undefined}>
              <td class="column-primary" data-colname={t("Time")}>
                <button type="button" class="button-link ll-open-tour" onClick={() => onOpen(tour.id)}>
                  <strong>{formatDay(tour.localDate)}, {tour.localTime}</strong>
                  <span class="screen-reader-text"> — {tf("open the tour of %s", tour.prospectName)}</span>
                </button>
                <button type="button" class="toggle-row" aria-expanded={expanded.has(tour.id)} onClick={() => toggle(tour.id)}>
                  <span class="screen-reader-text">{t("Show more details")}</span>
                </button>
              </td>
              <td data-colname={t("Prospect")}>
                {tour.prospectName}
                <br />
                <span class="ll-muted">{tour.prospectEmail}{tour.prospectPhone ? ` · ${tour.prospectPhone}` : ""}</span>
              </td>
              <td data-colname={t("Agent")}>
                <span class="ll-swatch" aria-hidden="true" style={{ background: (tour.agent && colors.get(tour.agent.calendarId)) || UNASSIGNED }}></span>
                {agentLabel(tour.agent)}
              </td>
              <td data-colname={t("Source")}>{sourceLabel(tour.source)}</td>
              <td data-colname={t("Status")}>
                <span class={`ll-status ll-status-${tour.status}`}>{statusLabel(tour.status)}</span>
                {tour.outcomeNeeded && <span class="ll-status ll-status-outcome_needed">{statusLabel("outcome_needed")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
