/** @jsxImportSource preact */
// The Calendar tab: FullCalendar's month, week and day views in the property's zone (the
// events carry wall-clock times and the calendar runs in UTC, so no zone plugin is needed),
// one colour per agent with a legend.
import { Calendar, type EventInput, type EventSourceFuncArg } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t, tf } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import { agentColors, agentLabel, MONTH_TOURS_PER_DAY, monthEvents, statusLabel, toEvents, UNASSIGNED, viewRange, wallIso } from "./model.ts";
import type { Agent, TourList, TourRow } from "./types.ts";

interface CalendarProps {
  api: ToursApi;
  agents: Agent[];
  /** The agents as they load: the first events wait for them so their colours match the legend. */
  agentsReady: Promise<Agent[]>;
  colors: Map<string, string>;
  timezone: string;
  now: () => Date;
  onOpen: (id: string) => void;
  refreshKey: number;
  /** Called once the first events are on screen (for the page's timing). */
  onReady?: () => void;
  /** The first month's tours, asked for before the calendar was drawn. */
  prefetched?: { range: { from: string; to: string }; answer: Promise<TourList> } | null;
}

/** How long the month waits for its first answer before it is drawn without it. */
const SLOW_FIRST_ANSWER_MS = 1500;

export function TourCalendar({ api, agents, agentsReady, colors, timezone, now, onOpen, refreshKey, onReady, prefetched }: CalendarProps) {
  const el = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const [error, setError] = useState("");
  const [summary, setSummary] = useState("");
  const latest = useRef({ colors, onOpen, onReady });
  latest.current = { colors, onOpen, onReady };

  useEffect(() => {
    if (!el.current) return;
    // Every tour an answer brought, for the events' labels: kept across answers, since a view can
    // draw events of an earlier answer (the week's, on entering a day) after a later one came in.
    const rows = new Map<string, TourRow>();
    let early = prefetched ?? null;
    const narrow = (el.current.clientWidth || globalThis.innerWidth || 1024) < 600;
    // FullCalendar asks for "now" many times per render: the wall clock is worked out once a second.
    let clock = { second: NaN, wall: "" };
    const wallNow = () => {
      const at = now();
      const second = Math.floor(at.getTime() / 1000);
      if (second !== clock.second) clock = { second, wall: wallIso(at.toISOString(), timezone) };
      return clock.wall;
    };
    const host = el.current;
    let cal: Calendar | null = null;
    // With the first month's answer on its way, the calendar is set up at once but drawn only when
    // that answer (or its failure) is in: the month is drawn a single time, with its events.
    let drawn = !early || narrow;
    const draw = () => {
      if (drawn) return;
      drawn = true;
      cal?.render();
    };
    const show = (list: TourList, known: Agent[], range: { from: string; to: string }, month: boolean) => {
      const palette = known.length ? agentColors(known.map((a) => a.id)) : latest.current.colors;
      setError(list.capped ? tf("Showing the first %d tours of this view.", list.limit) : "");
      for (const r of list.tours) rows.set(r.id, r);
      const total = list.dayTotals ? Object.values(list.dayTotals).reduce((a, b) => a + b, 0) : list.tours.length;
      setSummary(tf("%1$d tours from %2$s to %3$s.", total, range.from, range.to));
      return month ? monthEvents(list.tours, palette, timezone, list.dayTotals) : toEvents(list.tours, palette, timezone);
    };
    /** A month is more than a week on screen. */
    const isMonth = (info: EventSourceFuncArg) => info.end.getTime() - info.start.getTime() > 8 * 86_400_000;
    const load = (info: EventSourceFuncArg, month: boolean, success: (events: EventInput[]) => void, failure: (error: Error) => void) => {
      const range = viewRange(info.start, info.end);
      const first = early && early.range.from === range.from && early.range.to === range.to ? early : null;
      early = null;
      const asked = first ? first.answer : api.list(month ? { ...range, perDay: MONTH_TOURS_PER_DAY } : range);
      // The list and the agents are asked for together; colours come from the same agents as the legend's.
      Promise.all([asked, agentsReady.catch(() => [] as Agent[])]).then(([list, known]) => {
        success(show(list, known, range, month));
        draw();
        latest.current.onReady?.();
      }).catch((err) => {
        setError(err instanceof ApiError ? err.message : t("The tours could not be loaded."));
        failure(err);
        draw();
      });
    };
    cal = new Calendar(host, {
      plugins: [dayGridPlugin, timeGridPlugin],
      initialView: narrow ? "timeGridDay" : "dayGridMonth",
      timeZone: "UTC",
      now: wallNow,
      headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,timeGridDay" },
      buttonText: { today: t("Today"), month: t("Month"), week: t("Week"), day: t("Day") },
      buttonHints: { prev: t("Previous $0"), next: t("Next $0"), today: t("This $0") },
      viewHint: t("$0 view"),
      moreLinkHint: t("Show $0 more tours"),
      navLinkHint: t("Go to $0"),
      height: "auto",
      // Each day's tours are already cut to 3 and "+N more": FullCalendar need not measure for its own.
      dayMaxEvents: false,
      // Tours are never all-day: no all-day row in the week and day views.
      allDaySlot: false,
      // A busy week stacks at most 3 tours side by side; "+N" opens the rest.
      eventMaxStack: 3,
      // Each view asks for its own range (the month's events are summarised per day).
      lazyFetching: false,
      // Filled blocks in every view, so each agent's colour shows in the month too.
      eventDisplay: "block",
      eventInteractive: true,
      nowIndicator: true,
      scrollTime: "08:00:00",
      eventTimeFormat: { hour: "numeric", minute: "2-digit", meridiem: "short" },
      // Two sources, so a view never draws the other's events while its own are on the way (the
      // week would first draw the month's "+N more" blocks): the month's, each day's first tours
      // and the day's total, and the week's or day's, every tour. The idle one answers none at once.
      eventSources: [
        { id: "month", events: (info, success, failure) => isMonth(info) ? load(info, true, success, failure) : success([]) },
        { id: "tours", events: (info, success, failure) => isMonth(info) ? success([]) : load(info, false, success, failure) },
      ],
      datesSet: () => {
        // FullCalendar marks its arrow icons role="img" without a name; the buttons carry the name.
        for (const icon of el.current?.querySelectorAll(".fc-icon[role='img']") ?? []) {
          icon.removeAttribute("role");
          icon.setAttribute("aria-hidden", "true");
        }
      },
      eventClick: (arg) => {
        arg.jsEvent.preventDefault();
        if (arg.event.id.startsWith("more:")) cal?.changeView("timeGridDay", arg.event.id.slice(5));
        else latest.current.onOpen(arg.event.id);
      },
      eventDidMount: (arg) => {
        if (arg.event.id.startsWith("more:")) {
          arg.el.setAttribute("aria-label", tf("%1$s on %2$s: open the day", arg.event.title, arg.event.id.slice(5)));
          return;
        }
        const r = rows.get(arg.event.id);
        if (!r) return;
        const label = `${r.localTime} ${r.prospectName}, ${agentLabel(r.agent)}, ${statusLabel(r.status)}${r.outcomeNeeded ? `, ${statusLabel("outcome_needed")}` : ""}`;
        arg.el.setAttribute("aria-label", label);
        arg.el.setAttribute("title", label);
      },
    });
    if (drawn) cal.render();
    calendar.current = cal;
    // A slow answer does not keep the calendar off screen: past this, it is drawn and fills in.
    const slow = setTimeout(draw, SLOW_FIRST_ANSWER_MS);
    return () => {
      clearTimeout(slow);
      drawn = true;
      cal?.destroy();
      calendar.current = null;
    };
  }, [api, agentsReady, timezone]);

  useEffect(() => {
    if (refreshKey > 0) calendar.current?.refetchEvents();
  }, [refreshKey]);

  return (
    <div class="ll-calendar-tab">
      <ul class="ll-legend" aria-label={t("Agents")}>
        {agents.map((a) => (
          <li key={a.id}><span class="ll-swatch" style={{ background: colors.get(a.id) }} aria-hidden="true"></span>{agentLabel(a)}</li>
        ))}
        <li><span class="ll-swatch" style={{ background: UNASSIGNED }} aria-hidden="true"></span>{t("Unassigned")}</li>
        <li><span class="ll-swatch ll-swatch-cancelled" aria-hidden="true"></span>{t("Cancelled (outlined, struck through)")}</li>
        <li><span class="ll-swatch ll-swatch-outcome" aria-hidden="true"></span>{t("Outcome needed (red edge, \"!\")")}</li>
      </ul>
      {error && <div class="notice notice-warning inline" role="status"><p>{error}</p></div>}
      <p class="screen-reader-text" aria-live="polite">{summary}</p>
      <div ref={el} class="ll-fc" />
    </div>
  );
}
