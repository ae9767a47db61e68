/** @jsxImportSource preact */
// Upcoming tours: the next 14 days at a glance, then each day's tours.
import { buildGlance, dayParts, formatDay, formatWallTime, isLive, statusLabel, tourCount } from "./format.ts";
import { t, tf } from "./i18n.ts";
import type { Tour } from "./types.ts";

export const GLANCE_DAYS = 14;

interface ToursProps {
  tours: Tour[];
  today: string;
  timezone: string;
}

export function Tours({ tours, today, timezone }: ToursProps) {
  const glance = buildGlance(tours, today, GLANCE_DAYS);
  const days = glance.filter((day) => day.tours.length > 0);
  const total = glance.reduce((sum, day) => sum + day.count, 0);
  return (
    <div>
      <p class="ll-muted">
        {tf("%1$s in the next %2$d days.", tourCount(total), GLANCE_DAYS)}
        {timezone ? " " + tf("Times are in the property's time zone (%s).", timezone) : ""}
      </p>
      <ol class="ll-glance" aria-label={tf("Tours per day, next %d days", GLANCE_DAYS)}>
        {glance.map((day) => (
          <li
            key={day.date}
            class={[day.count > 0 ? "ll-has-tours" : "", day.date === today ? "ll-today" : ""].join(" ").trim() || undefined}
          >
            <span class="ll-visually-hidden">
              {formatDay(day.date)}
              {day.date === today ? ` (${t("today")})` : ""}: {tourCount(day.count)}
            </span>
            <span aria-hidden="true">
              <span class="ll-day">{dayParts(day.date).weekday} {dayParts(day.date).day}</span>
              <span class="ll-count">{day.count}</span>
            </span>
          </li>
        ))}
      </ol>
      {days.length === 0
        ? <p class="ll-muted">{t("No tours booked in the next 14 days.")}</p>
        : (
          <ul class="ll-days">
            {days.map((day) => (
              <li key={day.date}>
                <h4>
                  {formatDay(day.date)}
                  {day.date === today ? ` — ${t("today")}` : ""}
                </h4>
                <ul class="ll-tours">
                  {day.tours.map((tour) => <TourRow key={tour.id} tour={tour} />)}
                </ul>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}

function TourRow({ tour }: { tour: Tour }) {
  return (
    <li class={isLive(tour) ? "ll-tour" : "ll-tour ll-tour-cancelled"}>
      <span class="ll-tour-time">{formatWallTime(tour.localTime)}</span>
      <span class="ll-tour-who">
        <strong>{tour.prospectName || t("(no name)")}</strong>
        <br />
        <span class="ll-muted">
          {tf("with %s", tour.agentEmail || t("any agent"))} · {statusLabel(tour.status)}
        </span>
      </span>
    </li>
  );
}
