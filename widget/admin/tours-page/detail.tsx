/** @jsxImportSource preact */
// One tour: its prospect (answers, consent), its history, and the office's actions on it.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t, tf } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import { useRefusal } from "./refusal.ts";
import { Dialog, FieldError } from "./dialog.tsx";
import { actorLabel, agentLabel, describeEntry, formatWhen, sourceLabel, statusLabel } from "./model.ts";
import { SlotPicker } from "./slot-picker.tsx";
import type { Agent, TourAction, TourDetail } from "./types.ts";

interface DetailProps {
  api: ToursApi;
  tourId: string;
  agents: Agent[];
  timezone: string;
  now: () => Date;
  onClose: () => void;
  /** After a change: the message for the page's notice. */
  onChanged: (message: string) => void;
}

type Form = "" | "cancel" | "reschedule" | "reassign";

export function TourDetailDialog({ api, tourId, agents, timezone, now, onClose, onChanged }: DetailProps) {
  const [detail, setDetail] = useState<TourDetail | null>(null);
  const [loadError, setLoadError] = useState("");
  const [form, setForm] = useState<Form>("");
  const [busy, setBusy] = useState(false);
  const refusal = useRefusal();
  const { error, fields, alternatives, reloadSlots, setFields } = refusal;
  const [message, setMessage] = useState("");
  const [start, setStart] = useState("");
  const [agentId, setAgentId] = useState("");
  const [note, setNote] = useState("");

  const load = () =>
    api.detail(tourId).then(setDetail).catch((err) => setLoadError(err instanceof ApiError ? err.message : t("The tour could not be loaded.")));
  useEffect(() => {
    load();
  }, [tourId]);

  const zone = detail?.timezone || timezone;
  const run = async (action: TourAction, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    refusal.clear();
    try {
      await api.act(tourId, action, body);
      setForm("");
      setNote("");
      setMessage("");
      setStart("");
      onChanged(done);
      await load();
      // The form that had focus is gone: focus goes back to the dialog's heading.
      document.getElementById("ll-tour-detail-title")?.focus();
    } catch (err) {
      refusal.show(err);
    } finally {
      setBusy(false);
    }
  };

  const title = detail ? `${detail.tour.prospect.firstName} ${detail.tour.prospect.lastName}` : t("Tour");
  return (
    <Dialog id="ll-tour-detail" title={title} onClose={onClose}>
      {loadError && <p class="ll-field-error" role="alert">{loadError}</p>}
      {!detail && !loadError && <p class="ll-muted">{t("Loading the tour…")}</p>}
      {detail && (() => {
        const tour = detail.tour;
        const p = tour.prospect;
        const open = tour.status === "confirmed" && Date.parse(tour.start) > now().getTime();
        const started = Date.parse(tour.start) <= now().getTime();
        const otherAgents = agents.filter((a) => a.id !== tour.agent?.calendarId && (a.tokenStatus === "healthy" || a.tokenStatus === "expiring"));
        return (
          <div class="ll-detail">
            <p class="ll-detail-when">
              <strong>{formatWhen(tour.start, zone)}</strong>{" "}
              <span class={`ll-status ll-status-${tour.status}`}>{statusLabel(tour.status)}</span>
              {tour.outcomeNeeded && <span class="ll-status ll-status-outcome_needed">{statusLabel("outcome_needed")}</span>}
            </p>
            <p class="ll-muted">
              {tf("Agent: %s", agentLabel(tour.agent))} · {tf("Source: %s", sourceLabel(tour.source))} · {tf("Times in %s", zone)}
            </p>
            {error && <div class="notice notice-error inline" role="alert"><p>{error}</p></div>}
            {alternatives.length > 0 && (
              <div class="ll-alternatives">
                <p>{t("The next open times:")}</p>
                <ul>
                  {alternatives.map((a) => (
                    <li key={a.start}>
                      <button type="button" class="button" disabled={busy} onClick={() => run("reschedule", { start: a.start }, t("Tour rescheduled."))}>
                        {tf("Move to %s", formatWhen(a.start, zone))}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}

            <h3>{t("Actions")}</h3>
            <div class="ll-actions">
              {started && tour.status !== "cancelled" && (
                <>
                  <button type="button" class="button" disabled={busy} onClick={() => run("outcome", { outcome: "completed" }, t("Marked attended."))}>
                    {t("Attended")}
                  </button>
                  <button type="button" class="button" disabled={busy} onClick={() => run("outcome", { outcome: "no_show" }, t("Marked no-show."))}>
                    {t("No-show")}
                  </button>
                </>
              )}
              {open && (
                <>
                  <button type="button" class="button" aria-expanded={form === "reschedule"} onClick={() => setForm(form === "reschedule" ? "" : "reschedule")}>
                    {t("Reschedule")}
                  </button>
                  <button type="button" class="button" aria-expanded={form === "reassign"} onClick={() => setForm(form === "reassign" ? "" : "reassign")}>
                    {t("Reassign")}
                  </button>
                  <button type="button" class="button ll-button-danger" aria-expanded={form === "cancel"} onClick={() => setForm(form === "cancel" ? "" : "cancel")}>
                    {t("Cancel tour")}
                  </button>
                </>
              )}
            </div>

            {form === "reschedule" && (
              <form class="ll-form" onSubmit={(e) => {
                e.preventDefault();
                if (!start) return setFields({ start: t("Choose a time.") });
                run("reschedule", { start }, t("Tour rescheduled."));
              }}>
                <fieldset>
                  <legend>{t("Move to a free time (same agent)")}</legend>
                  <SlotPicker api={api} id="ll-reschedule" value={start} onChange={setStart} agentId={tour.agent?.calendarId} error={fields.start} reloadKey={reloadSlots} />
                </fieldset>
                <button type="submit" class="button button-primary" disabled={busy}>{t("Move tour")}</button>
              </form>
            )}
            {form === "reassign" && (
              <form class="ll-form" onSubmit={(e) => {
                e.preventDefault();
                if (!agentId) return setFields({ agentCalendarId: t("Choose an agent.") });
                run("reassign", { agentCalendarId: agentId }, t("Tour reassigned."));
              }}>
                <p>
                  <label for="ll-reassign-agent">{t("Give the tour to")}</label>
                  <select id="ll-reassign-agent" value={agentId} aria-invalid={fields.agentCalendarId ? "true" : undefined}
                    aria-describedby={fields.agentCalendarId ? "ll-reassign-agent-error" : undefined}
                    onChange={(e) => setAgentId((e.target as HTMLSelectElement).value)}>
                    <option value="">{t("Choose an agent")}</option>
                    {otherAgents.map((a) => <option key={a.id} value={a.id}>{a.accountEmail}</option>)}
                  </select>
                </p>
                <FieldError id="ll-reassign-agent-error" message={fields.agentCalendarId} />
                <button type="submit" class="button button-primary" disabled={busy}>{t("Reassign")}</button>
              </form>
            )}
            {form === "cancel" && (
              <form class="ll-form" onSubmit={(e) => {
                e.preventDefault();
                run("cancel", { message: message.trim() || null }, t("Tour cancelled. The prospect has been told."));
              }}>
                <p>
                  <label for="ll-cancel-message">{t("Message to the prospect (in the cancellation email)")}</label>
                  <textarea id="ll-cancel-message" rows={3} value={message} maxLength={1000}
                    aria-invalid={fields.message ? "true" : undefined} aria-describedby={fields.message ? "ll-cancel-message-error" : undefined}
                    onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)} />
                </p>
                <FieldError id="ll-cancel-message-error" message={fields.message} />
                <button type="submit" class="button ll-button-danger" disabled={busy}>{t("Cancel this tour")}</button>
              </form>
            )}

            <h3>{t("Prospect")}</h3>
            <dl class="ll-facts">
              <dt>{t("Email")}</dt>
              <dd><a href={`mailto:${p.email}`}>{p.email}</a></dd>
              <dt>{t("Phone")}</dt>
              <dd>{p.phone ? <a href={`tel:${p.phone}`}>{p.phone}</a> : t("Not given")}</dd>
              <dt>{t("Language")}</dt>
              <dd>{p.language === "es" ? "Español" : p.language === "en" ? "English" : t("Not given")}</dd>
              <dt>{t("Move-in date")}</dt>
              <dd>{p.answers.moveInDate ?? t("Not given")}</dd>
              <dt>{t("Bedrooms")}</dt>
              <dd>{p.answers.bedrooms ?? t("Not given")}</dd>
              <dt>{t("Pets")}</dt>
              <dd>{p.answers.pets ?? t("Not given")}</dd>
              <dt>{t("Special requests")}</dt>
              <dd>{p.answers.specialRequests ?? t("None")}</dd>
              <dt>{t("SMS consent")}</dt>
              <dd>
                {p.smsConsent.given
                  ? tf("Yes, %s", p.smsConsent.at ? formatWhen(p.smsConsent.at, zone) : "")
                  : t("No")}
                {p.smsConsent.given && p.smsConsent.text && <blockquote class="ll-consent-text">{p.smsConsent.text}</blockquote>}
              </dd>
            </dl>

            <h3>{t("Internal note")}</h3>
            <form class="ll-form" onSubmit={(e) => {
              e.preventDefault();
              if (!note.trim()) return setFields({ text: t("Write the note.") });
              run("notes", { text: note }, t("Note added."));
            }}>
              <p>
                <label for="ll-note">{t("Note (never sent to the prospect)")}</label>
                <textarea id="ll-note" rows={2} value={note} maxLength={4000}
                  aria-invalid={fields.text ? "true" : undefined} aria-describedby={fields.text ? "ll-note-error" : undefined}
                  onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
              </p>
              <FieldError id="ll-note-error" message={fields.text} />
              <button type="submit" class="button" disabled={busy}>{t("Add note")}</button>
            </form>

            <h3>{t("History")}</h3>
            <ol class="ll-history">
              {detail.history.map((entry, i) => {
                const { title, detail: line } = describeEntry(entry, zone, agents);
                return (
                  <li key={i} class={`ll-history-${entry.event}`}>
                    <span class="ll-history-when">{formatWhen(entry.at, zone)}</span>{" "}
                    <strong>{title}</strong> <span class="ll-history-who">{actorLabel(entry)}</span>
                    {line && <span class="ll-history-detail">{line}</span>}
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })()}
    </Dialog>
  );
}
