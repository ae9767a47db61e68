/** @jsxImportSource preact */
// The HubSpot section: paste a private app's access token (a password field, never shown
// again), connect or disconnect, the connection's status, and which lead status each
// tour outcome gives the contact.
import { useEffect, useState } from "preact/hooks";
import { type HubSpotApi, ApiError } from "./api.ts";
import { formatInstant } from "./format.ts";
import { t, tf } from "./i18n.ts";
import type { HubSpotStatus, LeadStatus, LeadStatusMap, TourOutcomeKey } from "./types.ts";

export const LEAD_STATUSES: LeadStatus[] = [
  "NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING",
];

const OUTCOMES: Array<{ key: TourOutcomeKey; label: () => string }> = [
  { key: "booked", label: () => t("Tour booked") },
  { key: "completed", label: () => t("Tour attended") },
  { key: "no_show", label: () => t("No-show") },
  { key: "cancelled", label: () => t("Tour cancelled") },
];

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t("Something went wrong. Please try again.");
}

export function HubSpotSection({ api }: { api: HubSpotApi }) {
  const [status, setStatus] = useState<HubSpotStatus | null>(null);
  const [loadError, setLoadError] = useState("");
  const [token, setToken] = useState("");
  const [map, setMap] = useState<LeadStatusMap | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [note, setNote] = useState("");

  const show = (next: HubSpotStatus) => {
    setStatus(next);
    setMap(next.leadStatusMap);
  };

  useEffect(() => {
    api.hubspotStatus().then(show, (e) => setLoadError(messageOf(e)));
  }, [api]);

  const act = async (what: () => Promise<HubSpotStatus>, done: (s: HubSpotStatus) => string) => {
    setBusy(true);
    setError("");
    setNote("");
    try {
      const next = await what();
      show(next);
      setNote(done(next));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const connect = (event: Event) => {
    event.preventDefault();
    const pasted = token.trim();
    setToken(""); // the token leaves the page once and is never shown again
    if (!pasted) {
      setError(t("Paste the private app's access token first."));
      return;
    }
    act(() => api.hubspotConnect(pasted), (s) => tf("Connected to HubSpot account %s.", String(s.portalId ?? "")));
  };

  return (
    <section class="ll-hubspot" aria-labelledby="ll-hubspot-title">
      <h3 id="ll-hubspot-title">{t("HubSpot")}</h3>
      <div role="status" aria-live="polite">{note}</div>
      {error && <div class="ll-error" role="alert">{error}</div>}
      {!status && !loadError && <p aria-busy="true">{t("Loading HubSpot…")}</p>}
      {loadError && <p class="ll-error">{loadError}</p>}
      {status && !status.connected && (
        <form onSubmit={connect}>
          <p class="ll-muted">
            {t("Each lead and tour goes to HubSpot as a contact and a meeting. Create a private app in HubSpot (Settings → Integrations → Private Apps) with the contacts and meetings scopes, then paste its access token here.")}
          </p>
          <label for="ll-hubspot-token">{t("Private app access token")}</label>{" "}
          <input
            id="ll-hubspot-token"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={token}
            onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            class="regular-text"
          />{" "}
          <button type="submit" class="button button-primary" disabled={busy}>{t("Connect HubSpot")}</button>
        </form>
      )}
      {status?.connected && (
        <>
          <p>{tf("Connected to HubSpot account %s.", String(status.portalId ?? ""))}</p>
          <p class="ll-muted">
            {t("Last sync:")}{" "}
            {status.lastSyncAt ? <time dateTime={status.lastSyncAt}>{formatInstant(status.lastSyncAt)}</time> : t("never")}
          </p>
          {status.lastError && <p class="ll-error">{tf("Last error: %s", status.lastError)}</p>}
          <fieldset>
            <legend>{t("Lead status after each tour outcome")}</legend>
            {map && OUTCOMES.map(({ key, label }) => (
              <p key={key}>
                <label for={`ll-hubspot-${key}`}>{label()}</label>{" "}
                <select
                  id={`ll-hubspot-${key}`}
                  value={map[key] ?? ""}
                  onChange={(e) => {
                    const value = (e.target as HTMLSelectElement).value;
                    setMap({ ...map, [key]: value ? value as LeadStatus : null });
                  }}
                >
                  <option value="">{t("(leave unchanged)")}</option>
                  {LEAD_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </p>
            ))}
          </fieldset>
          <div class="ll-toolbar">
            <button
              type="button"
              class="button button-primary"
              disabled={busy || !map}
              onClick={() => map && act(() => api.hubspotSettings(map), () => t("Lead statuses saved."))}
            >
              {t("Save lead statuses")}
            </button>
            <button type="button" class="button" disabled={busy} onClick={() => act(() => api.hubspotDisconnect(), () => t("HubSpot disconnected."))}>
              {t("Disconnect HubSpot")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
