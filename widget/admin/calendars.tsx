/** @jsxImportSource preact */
// Connected agent calendars: account, health in colour and words, last check, and
// Reconnect / Disconnect (with an inline confirmation).
import { useEffect, useRef, useState } from "preact/hooks";
import { formatInstant, health, sortCalendars } from "./format.ts";
import { t, tf } from "./i18n.ts";
import type { CalendarInfo } from "./types.ts";

interface CalendarListProps {
  calendars: CalendarInfo[];
  busy: boolean;
  onReconnect: (calendar: CalendarInfo) => void;
  onDisconnect: (calendar: CalendarInfo) => void;
}

export function CalendarList({ calendars, busy, onReconnect, onDisconnect }: CalendarListProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (calendars.length === 0) {
    return (
      <p class="ll-muted">
        {t("No Google Calendar is connected yet. Connect the calendar of each leasing agent who gives tours.")}
      </p>
    );
  }
  return (
    <ul class="ll-cards">
      {sortCalendars(calendars).map((calendar) => (
        <CalendarCard
          key={calendar.id}
          calendar={calendar}
          busy={busy}
          confirming={confirming === calendar.id}
          onAskDisconnect={() => setConfirming(calendar.id)}
          onCancel={() => setConfirming(null)}
          onReconnect={() => onReconnect(calendar)}
          onDisconnect={() => {
            setConfirming(null);
            onDisconnect(calendar);
          }}
        />
      ))}
    </ul>
  );
}

interface CardProps {
  calendar: CalendarInfo;
  busy: boolean;
  confirming: boolean;
  onAskDisconnect: () => void;
  onCancel: () => void;
  onReconnect: () => void;
  onDisconnect: () => void;
}

function CalendarCard({ calendar, busy, confirming, onAskDisconnect, onCancel, onReconnect, onDisconnect }: CardProps) {
  const state = health(calendar.tokenStatus);
  const titleId = `ll-cal-${calendar.id}`;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the confirmation: onto Cancel when it opens, back to Disconnect when it closes.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) askRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return (
    <li class="ll-card" aria-labelledby={titleId}>
      <p class="ll-card-title" id={titleId}>{calendar.accountEmail || t("(no email)")}</p>
      <p>
        <span class={`ll-badge ll-tone-${state.tone}`}>
          <span aria-hidden="true">{state.symbol}</span>
          <span>
            <span class="ll-visually-hidden">{t("Status:")}</span>
            {state.label}
          </span>
        </span>
      </p>
      <p>{state.detail}</p>
      <p class="ll-muted">
        {t("Last check:")}{" "}
        {calendar.lastHealthCheckAt
          ? <time dateTime={calendar.lastHealthCheckAt}>{formatInstant(calendar.lastHealthCheckAt)}</time>
          : t("never")}
      </p>
      {!confirming && (
        <div class="ll-actions">
          <button
            type="button"
            class={state.needsReconnect ? "button button-primary" : "button"}
            disabled={busy}
            onClick={onReconnect}
            aria-describedby={titleId}
          >
            {t("Reconnect")}
          </button>
          <button type="button" class="button" ref={askRef} disabled={busy} onClick={onAskDisconnect} aria-describedby={titleId}>
            {t("Disconnect")}
          </button>
        </div>
      )}
      {confirming && (
        <div
          class="ll-confirm"
          role="group"
          aria-label={t("Confirm disconnect")}
          onKeyDown={(event) => {
            if (event.key === "Escape") onCancel();
          }}
        >
          <p>
            {tf(
              "Disconnect %s? Its free time will no longer be offered to visitors. Tours already booked stay in the calendar.",
              calendar.accountEmail,
            )}
          </p>
          <div class="ll-actions">
            <button type="button" class="button button-primary" disabled={busy} onClick={onDisconnect}>
              {t("Yes, disconnect")}
            </button>
            <button type="button" class="button" ref={cancelRef} onClick={onCancel}>
              {t("Cancel")}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
