/** @jsxImportSource preact */
// The Calendars section of Settings → LumaLeasing Tours.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type AdminApi, ApiError, type HubSpotApi } from "./api.ts";
import { CalendarList } from "./calendars.tsx";
import { HubSpotSection } from "./hubspot.tsx";
import { RulesSection } from "./rules.tsx";
import type { RulesApi } from "./rules-api.ts";
import { todayIn } from "./format.ts";
import { t, tf, tn } from "./i18n.ts";
import { styles } from "./styles.ts";
import { GLANCE_DAYS, Tours } from "./tours.tsx";
import type { AdminConfig, CalendarInfo, ToursResult } from "./types.ts";
import { Webhooks } from "./webhooks.tsx";
import type { WebhooksApi } from "./webhooks-api.ts";

export interface AppProps {
  config: AdminConfig;
  api: AdminApi;
  /** The HubSpot section's routes; without them the section is not shown. */
  hubspot?: HubSpotApi;
  /** The Webhooks section's routes; without it the section is not shown. */
  webhooksApi?: WebhooksApi;
  /** The Rules section's routes; without them the section is not shown. */
  rulesApi?: RulesApi;
  now?: () => Date;
  /** Sends the browser to Google's consent (through the backend). */
  navigate?: (url: string) => void;
}

type Load<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t("Something went wrong. Please try again.");
}

export function App({ config, api, hubspot, webhooksApi, rulesApi, now = () => new Date(), navigate = (url) => location.assign(url) }: AppProps) {
  const [calendars, setCalendars] = useState<Load<CalendarInfo[]>>({ state: "loading" });
  const [tours, setTours] = useState<Load<ToursResult>>({ state: "loading" });
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [error, setError] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async (announce: boolean) => {
    setError("");
    const [calendarResult, tourResult] = await Promise.allSettled([api.status(), api.tours(GLANCE_DAYS)]);
    if (calendarResult.status === "fulfilled") {
      setCalendars({ state: "ready", value: calendarResult.value });
    } else {
      setCalendars({ state: "failed", message: messageOf(calendarResult.reason) });
    }
    if (tourResult.status === "fulfilled") {
      setTours({ state: "ready", value: tourResult.value });
    } else {
      setTours({ state: "failed", message: messageOf(tourResult.reason) });
    }
    if (announce) {
      setAnnouncement(
        calendarResult.status === "fulfilled"
          ? tn("Updated: %d calendar connected.", "Updated: %d calendars connected.", calendarResult.value.length)
          : t("Could not load the calendars."),
      );
    }
  }, [api]);

  useEffect(() => {
    if (config.connected) load(false);
  }, [config.connected, load]);

  const connect = async () => {
    setBusy(true);
    setError("");
    setAnnouncement(t("Opening Google to connect a calendar…"));
    try {
      navigate(await api.connect());
    } catch (e) {
      setBusy(false);
      setAnnouncement("");
      setError(messageOf(e));
    }
  };

  const disconnect = async (calendar: CalendarInfo) => {
    setBusy(true);
    setError("");
    try {
      const { keptAtGoogle } = await api.disconnect(calendar.id);
      setAnnouncement(
        keptAtGoogle
          ? tf("Disconnected %s. Its Google access stays in place: another community still uses this account.", calendar.accountEmail)
          : tf("Disconnected %s.", calendar.accountEmail),
      );
      headingRef.current?.focus();
      await load(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="ll-admin">
      <style>{styles}</style>
      {/* Mounted empty first, so screen readers announce what is put in later. */}
      <div class="ll-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{announcement}</div>
      {error && <div class="ll-error" role="alert">{error}</div>}

      {!config.connected
        ? (
          <p>
            {t("Save this property's site key above first; then you can connect the leasing team's Google Calendars here.")}
          </p>
        )
        : (
          <>
            <h3 ref={headingRef} tabIndex={-1}>
              {config.propertyName ? tf("Google Calendars for %s", config.propertyName) : t("Google Calendars")}
            </h3>
            <div class="ll-toolbar">
              <button type="button" class="button button-primary" disabled={busy} onClick={connect}>
                {t("Connect Google Calendar")}
              </button>
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() => load(true)}
              >
                {t("Refresh")}
              </button>
            </div>
            {calendars.state === "loading" && <p aria-busy="true">{t("Loading calendars…")}</p>}
            {calendars.state === "failed" && <p class="ll-error">{calendars.message}</p>}
            {calendars.state === "ready" && (
              <CalendarList
                calendars={calendars.value}
                busy={busy}
                onReconnect={connect}
                onDisconnect={disconnect}
              />
            )}

            <h3>{t("Upcoming tours")}</h3>
            {tours.state === "loading" && <p aria-busy="true">{t("Loading tours…")}</p>}
            {tours.state === "failed" && <p class="ll-error">{tours.message}</p>}
            {tours.state === "ready" && (
              <Tours
                tours={tours.value.tours}
                timezone={tours.value.timezone || config.timezone || ""}
                today={todayIn(tours.value.timezone || config.timezone, now())}
              />
            )}
            {rulesApi && <RulesSection api={rulesApi} />}
            {hubspot && <HubSpotSection api={hubspot} />}

            {webhooksApi && <Webhooks api={webhooksApi} />}
          </>
        )}
    </div>
  );
}
