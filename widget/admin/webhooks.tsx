/** @jsxImportSource preact */
// The Webhooks section: the property's endpoints (URL, events, on/off), adding one (its
// signing secret shown once, with a copy button), rotating the secret, deleting, a test
// event, and each endpoint's delivery log with "Send again".
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "./api.ts";
import { formatInstant } from "./format.ts";
import { t, tf } from "./i18n.ts";
import { WEBHOOK_EVENT_TYPES, type WebhookDelivery, type WebhookEndpoint, type WebhookEventType } from "./types.ts";
import type { WebhooksApi } from "./webhooks-api.ts";

export interface WebhooksProps {
  api: WebhooksApi;
  /** Puts text on the clipboard (default: navigator.clipboard). */
  copy?: (text: string) => Promise<void>;
  /** Asks before a change that cannot be undone (default: window.confirm). */
  confirm?: (question: string) => boolean;
}

const EVENT_LABELS: Record<WebhookEventType, string> = {
  "lead.created": "New lead",
  "lead.updated": "Lead updated",
  "tour.booked": "Tour booked",
  "tour.rescheduled": "Tour rescheduled",
  "tour.cancelled": "Tour cancelled",
  "tour.completed": "Tour completed",
  "tour.no_show": "No-show",
};

const STATUS_LABELS: Record<WebhookDelivery["status"], string> = {
  pending: "Waiting to send",
  delivered: "Delivered",
  failed: "Failed",
  skipped: "Not sent",
};

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t("Something went wrong. Please try again.");
}

export function Webhooks({
  api,
  copy = (text) => navigator.clipboard.writeText(text),
  confirm = (question) => globalThis.confirm(question),
}: WebhooksProps) {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ url: string; value: string; copied: boolean } | null>(null);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["lead.created", "tour.booked", "tour.rescheduled", "tour.cancelled"]);
  const [logFor, setLogFor] = useState<string | null>(null);
  const [log, setLog] = useState<WebhookDelivery[] | null>(null);

  const load = useCallback(async () => {
    try {
      setEndpoints(await api.list());
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api]);
  useEffect(() => {
    load();
  }, [load]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setNotice("");
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const showLog = async (id: string) => {
    setLogFor(id);
    setLog(null);
    setLog(await api.deliveries(id));
  };

  const add = (e: Event) => {
    e.preventDefault();
    if (!events.length) {
      setError(t("Pick at least one event."));
      return;
    }
    run(async () => {
      const created = await api.create(url.trim(), events);
      setSecret({ url: created.endpoint.url, value: created.secret, copied: false });
      setUrl("");
      await load();
    });
  };

  const toggleEvent = (type: WebhookEventType, on: boolean) =>
    setEvents((list) => (on ? [...list.filter((e) => e !== type), type] : list.filter((e) => e !== type)));

  return (
    <section class="ll-webhooks" aria-labelledby="ll-webhooks-title">
      <h3 id="ll-webhooks-title">{t("Webhooks")}</h3>
      <p class="ll-muted">
        {t("Send leads and tours to your CRM as they happen. Each request is signed (Standard Webhooks); check it with the endpoint's secret.")}
      </p>
      <div class="ll-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{notice}</div>
      {notice && <p class="ll-notice">{notice}</p>}
      {error && <div class="ll-error" role="alert">{error}</div>}

      {secret && (
        <div class="ll-secret" role="region" aria-label={t("Signing secret")}>
          <p>
            <strong>{tf("The signing secret for %s", secret.url)}</strong>{" "}
            {t("is shown only now. Copy it into your CRM's webhook settings.")}
          </p>
          <code data-testid="webhook-secret">{secret.value}</code>
          <div class="ll-actions">
            <button
              type="button"
              class="button"
              onClick={() =>
                copy(secret.value).then(
                  () => setSecret({ ...secret, copied: true }),
                  () => setError(t("Could not copy. Select the secret and copy it yourself.")),
                )}
            >
              {secret.copied ? t("Copied") : t("Copy secret")}
            </button>
            <button type="button" class="button" onClick={() => setSecret(null)}>{t("Done")}</button>
          </div>
        </div>
      )}

      {endpoints === null && !error && <p aria-busy="true">{t("Loading webhooks…")}</p>}
      {endpoints?.length === 0 && <p class="ll-muted">{t("No webhook endpoint yet.")}</p>}
      {endpoints && endpoints.length > 0 && (
        <ul class="ll-cards">
          {endpoints.map((endpoint) => (
            <li class="ll-card" key={endpoint.id} aria-labelledby={`ll-wh-${endpoint.id}`}>
              <p class="ll-card-title" id={`ll-wh-${endpoint.id}`}>{endpoint.url}</p>
              <p>
                <span class={`ll-badge ${endpoint.enabled ? "ll-tone-ok" : "ll-tone-neutral"}`}>
                  {endpoint.enabled ? t("On") : t("Off")}
                </span>{" "}
                {endpoint.events.map((e) => t(EVENT_LABELS[e] ?? e)).join(", ")}
              </p>
              <div class="ll-actions">
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  onClick={() =>
                    run(async () => {
                      await api.update(endpoint.id, { enabled: !endpoint.enabled });
                      setNotice(endpoint.enabled ? tf("Turned off %s.", endpoint.url) : tf("Turned on %s.", endpoint.url));
                      await load();
                    })}
                >
                  {endpoint.enabled ? t("Turn off") : t("Turn on")}
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  onClick={() =>
                    run(async () => {
                      await api.test(endpoint.id);
                      setNotice(tf("A test event is on its way to %s.", endpoint.url));
                      await showLog(endpoint.id);
                    })}
                >
                  {t("Send a test event")}
                </button>
                <button type="button" class="button" disabled={busy} onClick={() => run(() => showLog(endpoint.id))}>
                  {t("Delivery log")}
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  onClick={() => {
                    if (!confirm(t("Make a new secret? The current one stops working at once."))) return;
                    run(async () => {
                      const rotated = await api.rotate(endpoint.id);
                      setSecret({ url: rotated.endpoint.url, value: rotated.secret, copied: false });
                    });
                  }}
                >
                  {t("Rotate secret")}
                </button>
                <button
                  type="button"
                  class="button button-link-delete"
                  disabled={busy}
                  onClick={() => {
                    if (!confirm(tf("Delete the webhook to %s?", endpoint.url))) return;
                    run(async () => {
                      await api.remove(endpoint.id);
                      if (logFor === endpoint.id) setLogFor(null);
                      setNotice(tf("Deleted %s.", endpoint.url));
                      await load();
                    });
                  }}
                >
                  {t("Delete")}
                </button>
              </div>
              {logFor === endpoint.id && (
                <DeliveryLog
                  deliveries={log}
                  busy={busy}
                  onResend={(d) =>
                    run(async () => {
                      await api.resend(d.id);
                      setNotice(tf("Sending %s again.", d.eventType));
                      await showLog(endpoint.id);
                    })}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      <form class="ll-webhook-form" onSubmit={add}>
        <h4>{t("Add an endpoint")}</h4>
        <p>
          <label for="ll-webhook-url">{t("Endpoint URL")}</label>
          <input
            id="ll-webhook-url"
            class="regular-text"
            type="url"
            required
            placeholder="https://"
            value={url}
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
        </p>
        <fieldset>
          <legend>{t("Events")}</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} class="ll-check">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggleEvent(type, (e.target as HTMLInputElement).checked)} />
              {" "}
              {t(EVENT_LABELS[type])} <code>{type}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button button-primary" disabled={busy}>{t("Add webhook")}</button>
      </form>
    </section>
  );
}

function DeliveryLog({ deliveries, busy, onResend }: {
  deliveries: WebhookDelivery[] | null;
  busy: boolean;
  onResend: (d: WebhookDelivery) => void;
}) {
  if (deliveries === null) return <p aria-busy="true">{t("Loading the delivery log…")}</p>;
  if (!deliveries.length) return <p class="ll-muted">{t("Nothing sent yet.")}</p>;
  return (
    <table class="widefat striped ll-log">
      <caption class="ll-visually-hidden">{t("Delivery log")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("Event")}</th>
          <th scope="col">{t("Status")}</th>
          <th scope="col">{t("Response")}</th>
          <th scope="col">{t("Time")}</th>
          <th scope="col">{t("Attempts")}</th>
          <th scope="col">{t("Error")}</th>
          <th scope="col"><span class="ll-visually-hidden">{t("Actions")}</span></th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <td><code>{d.eventType}</code></td>
            <td>{t(STATUS_LABELS[d.status])}</td>
            <td>{d.responseStatus ?? "—"}</td>
            <td>{formatInstant(d.lastAttemptAt ?? d.createdAt)}</td>
            <td>{d.attempts}</td>
            <td>{d.error ?? ""}</td>
            <td>
              {d.status !== "pending" && (
                <button type="button" class="button button-small" disabled={busy} onClick={() => onResend(d)}>
                  {t("Send again")}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
