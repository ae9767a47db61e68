// Calendar mode: the month grid (WAI-ARIA APG date picker keyboard model) and the time picker.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { monthMatrix, moveFocus } from "../calendar/grid.ts";
import type { Store } from "../state/store.ts";
import { addDays, monthOf, monthsBetween, sameDayInMonth } from "../time/dates.ts";
import { dateInZone, firstDayOfWeek, formatDateLong, formatMonth, formatTime, weekdayNames, zoneName, zonesDiffer } from "../time/format.ts";
import { ContactLinks, Problem } from "./common.tsx";

export function CalendarView({ store }: { store: Store }) {
  const { t, options } = store;
  const state = store.state.value;
  const availability = store.availability.value;
  const zone = store.timeZone.value;
  const selected = store.selectedDate.value;
  const timesHeading = useRef<HTMLHeadingElement>(null);
  const focusTimes = useRef(false);

  useEffect(() => {
    if (focusTimes.current && selected) timesHeading.current?.focus();
    focusTimes.current = false;
  }, [selected]);

  const heading = state.mode === "calendar" && state.purpose === "reschedule" ? t.chooseNewTime : t.chooseDay;
  const now = store.now();
  let body;
  if (availability.status === "error") {
    body = <Problem store={store} failure={availability.failure} onRetry={store.loadAvailability} />;
  } else if (availability.status !== "ready") {
    body = (
      <div aria-busy="true">
        <p>{t.loadingTimes}</p>
        <div class="ll-skel" aria-hidden="true">
          {Array.from({ length: 35 }, (_, i) => <i key={i} />)}
        </div>
      </div>
    );
  } else {
    const { from, days, response } = availability.data;
    const counts = new Map<string, number>();
    for (const date of response.availableDates) {
      const open = (response.slotsByDate[date] ?? []).filter((s) => s.available).length;
      if (open) counts.set(date, open);
    }
    const slots = selected ? (response.slotsByDate[selected] ?? []).filter((s) => s.available) : [];
    body = !counts.size ? (
      <div class="ll-problem">
        <p>{t.noTimesAtAll}</p>
        <ContactLinks store={store} />
      </div>
    ) : (
      <>
        <MonthGrid
          store={store}
          first={from}
          last={addDays(from, days - 1)}
          today={dateInZone(now, zone)}
          counts={counts}
          onSelect={(date) => {
            focusTimes.current = true;
            store.pickDate(date);
          }}
        />
        {selected && (
          <section aria-labelledby="ll-times-h">
            <h4 id="ll-times-h" tabIndex={-1} ref={timesHeading}>
              {t.timesOn(formatDateLong(selected, options.locale, false))}
            </h4>
            {slots.length ? (
              <ul class="ll-times">
                {slots.map((slot) => (
                  <li key={slot.start}>
                    <button type="button" class="ll-btn" onClick={() => store.pickSlot(slot.start)}>
                      {formatTime(slot.start, zone, options.locale)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t.noTimesThatDay}</p>
            )}
          </section>
        )}
      </>
    );
  }

  return (
    <div>
      <h3 data-focus tabIndex={-1}>{heading}</h3>
      <p class="ll-note">{t.timesShownIn(zoneName(zone, options.locale, now))}</p>
      {zonesDiffer(zone, store.visitorTimeZone, now) && (
        <p class="ll-note">{t.zoneDiffers(zoneName(store.visitorTimeZone, options.locale, now))}</p>
      )}
      {body}
    </div>
  );
}

interface GridProps {
  store: Store;
  first: string;
  last: string;
  today: string;
  counts: Map<string, number>;
  onSelect: (date: string) => void;
}

function MonthGrid({ store, first, last, today, counts, onSelect }: GridProps) {
  const { t, options } = store;
  const locale = options.locale;
  const selected = store.selectedDate.value;
  const firstDay = firstDayOfWeek(locale);
  const months = monthsBetween(first, last);
  // The roving tabindex date: a signal, so a move re-renders the grid.
  const focused = useSignal(selected ?? [...counts.keys()].sort()[0] ?? first);
  const focus = focused.value;
  const setFocus = (date: string) => (focused.value = date);
  // The date whose cell should take DOM focus after the next render (keyboard moves only).
  const pendingFocus = useRef<string | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const month = monthOf(focus);
  const monthIndex = months.indexOf(month);

  useEffect(() => {
    if (pendingFocus.current !== focus) return;
    pendingFocus.current = null;
    table.current?.querySelector<HTMLElement>(`[data-date="${focus}"]`)?.focus();
  }, [focus]);

  const available = (date: string) => date >= first && date <= last && (counts.get(date) ?? 0) > 0;
  const select = (date: string) => {
    if (available(date)) onSelect(date);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // A move not yet rendered wins over the focused cell, so fast key presses add up.
    const current = pendingFocus.current ?? (e.target as HTMLElement).dataset.date ?? focused.peek();
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(current);
      return;
    }
    const next = moveFocus(current, e.key, firstDay, months);
    if (next === null) return;
    e.preventDefault();
    pendingFocus.current = next;
    setFocus(next);
  };
  const shiftMonth = (n: number) => setFocus(sameDayInMonth(focus, n));
  const names = weekdayNames(locale, firstDay);

  return (
    <div>
      <div class="ll-nav">
        <button type="button" class="ll-icon" aria-label={t.prevMonth} disabled={monthIndex <= 0} onClick={() => shiftMonth(-1)}>
          <span aria-hidden="true">‹</span>
        </button>
        <h4 id="ll-month-h" aria-live="polite">{formatMonth(month, locale)}</h4>
        <button type="button" class="ll-icon" aria-label={t.nextMonth} disabled={monthIndex >= months.length - 1} onClick={() => shiftMonth(1)}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table role="grid" aria-labelledby="ll-month-h" ref={table} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {names.map((n) => (
              <th key={n.long} scope="col" abbr={n.long}>
                {n.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthMatrix(month, firstDay).map((week, w) => (
            <tr key={w}>
              {week.map((date, d) => {
                if (!date) return <td key={d} />;
                const count = date >= first && date <= last ? counts.get(date) ?? 0 : 0;
                const open = available(date);
                return (
                  <td
                    key={date}
                    role="gridcell"
                    data-date={date}
                    tabIndex={date === focus ? 0 : -1}
                    class={"ll-day" + (open ? " ll-open" : "") + (date === today ? " ll-today" : "")}
                    aria-selected={date === selected ? "true" : "false"}
                    aria-disabled={open ? undefined : "true"}
                    aria-current={date === today ? "date" : undefined}
                    aria-label={t.dayLabel(formatDateLong(date, locale), count)}
                    onClick={() => {
                      setFocus(date);
                      select(date);
                    }}
                  >
                    {Number(date.slice(8))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
