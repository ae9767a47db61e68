/** @jsxImportSource preact */
// Admin → Tours: a Calendar tab and a List tab, a tour's detail (also from a deep link),
// and "Book a tour" for phone and walk-in callers. Every change shows a WordPress notice.
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import { BookDialog } from "./book.tsx";
import { Notice } from "./dialog.tsx";
import { TourDetailDialog } from "./detail.tsx";
import { TourListTab } from "./list.tsx";
import { agentColors, todayIn } from "./model.ts";
import type { Agent, TourList, ToursConfig } from "./types.ts";

export interface ToursAppProps {
  config: ToursConfig;
  api: ToursApi;
  now?: () => Date;
  /** The calendar (FullCalendar); tests may render the page without it. */
  Calendar?: typeof import("./calendar.tsx").TourCalendar | null;
  /** Keeps the address bar's ?tour= in step with the open tour. */
  setTourParam?: (id: string) => void;
  /** The first month's tours, asked for as the page started. */
  prefetched?: { range: { from: string; to: string }; answer: Promise<TourList> } | null;
}

type Tab = "calendar" | "list";

function replaceTourParam(id: string) {
  const url = new URL(location.href);
  if (id) url.searchParams.set("tour", id);
  else url.searchParams.delete("tour");
  history.replaceState(null, "", url);
}

export function ToursApp({ config, api, now = () => new Date(), Calendar = null, setTourParam = replaceTourParam, prefetched = null }: ToursAppProps) {
  const [tab, setTab] = useState<Tab>("calendar");
  const [agents, setAgents] = useState<Agent[]>([]);
  const [openId, setOpenId] = useState(config.tourId || "");
  const [booking, setBooking] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; message: string } | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const timezone = config.timezone || "UTC";
  const today = todayIn(timezone, now());
  const colors = useMemo(() => agentColors(agents.map((a) => a.id)), [agents]);

  // Asked once, at once; the calendar's first events wait for the same answer.
  const agentsReady = useMemo(() => (config.connected ? api.agents() : Promise.resolve([] as Agent[])), [api]);
  useEffect(() => {
    agentsReady.then(setAgents).catch((err) =>
      setNotice({ kind: "error", message: err instanceof ApiError ? err.message : t("The agents could not be loaded.") })
    );
  }, [agentsReady]);

  const open = (id: string) => {
    setOpenId(id);
    setTourParam(id);
  };
  const close = () => {
    setOpenId("");
    setTourParam("");
  };
  const changed = (message: string) => {
    setNotice({ kind: "success", message });
    setRefreshKey((k) => k + 1);
  };
  if (!config.connected) return null;

  const tabs: Array<[Tab, string]> = [["calendar", t("Calendar")], ["list", t("List")]];
  const onTabKey = (event: KeyboardEvent, index: number) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length][0];
    setTab(next);
    document.getElementById(`ll-tab-${next}`)?.focus();
  };

  return (
    <div class="ll-tours-app">
      {notice && <Notice kind={notice.kind} message={notice.message} onDismiss={() => setNotice(null)} />}
      <div class="ll-tours-toolbar">
        <div class="nav-tab-wrapper ll-tabs" role="tablist" aria-label={t("Tour views")}>
          {tabs.map(([key, label], i) => (
            <button
              key={key}
              type="button"
              role="tab"
              id={`ll-tab-${key}`}
              aria-selected={tab === key}
              aria-controls={`ll-panel-${key}`}
              tabIndex={tab === key ? 0 : -1}
              class={`nav-tab${tab === key ? " nav-tab-active" : ""}`}
              onClick={() => setTab(key)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" class="button button-primary ll-book-button" onClick={() => setBooking(true)}>{t("Book a tour")}</button>
      </div>
      <div id="ll-panel-calendar" role="tabpanel" aria-labelledby="ll-tab-calendar" hidden={tab !== "calendar"}>
        {Calendar && (
          <Calendar api={api} agents={agents} agentsReady={agentsReady} prefetched={prefetched} colors={colors} timezone={timezone} now={now} onOpen={open} refreshKey={refreshKey} />
        )}
      </div>
      <div id="ll-panel-list" role="tabpanel" aria-labelledby="ll-tab-list" hidden={tab !== "list"}>
        {tab === "list" && <TourListTab api={api} agents={agents} colors={colors} today={today} onOpen={open} refreshKey={refreshKey} />}
      </div>
      {openId && (
        <TourDetailDialog api={api} tourId={openId} agents={agents} timezone={timezone} now={now} onClose={close} onChanged={changed} />
      )}
      {booking && (
        <BookDialog
          api={api}
          timezone={timezone}
          onClose={() => setBooking(false)}
          onBooked={(id, message) => {
            setBooking(false);
            changed(message);
            if (id) open(id);
          }}
        />
      )}
    </div>
  );
}
