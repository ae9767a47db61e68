/** @jsxImportSource preact */
// The Rules section: when tours can be booked and what the widget asks and says — office
// hours, closures, tour length and spacing, notice and window, contact and managers, time
// zone, language, leasing questions, the SMS consent text and the follow-up email. Saving sends the whole form;
// the backend's field errors show next to their fields (and in a summary that takes focus),
// and the preview lists the slots prospects will see in the next week.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api.ts";
import { t, tf, tn } from "./i18n.ts";
import { DateExceptions, type Errors, errorFor, FieldError, invalidProps, WeekHours } from "./rules-fields.tsx";
import { FollowUpFields } from "./rules-follow-up.tsx";
import type { Preview, Rules, RulesApi } from "./rules-api.ts";

const NUMBERS: Array<{ key: keyof Rules; label: () => string; unit: () => string; min: number; max: number }> = [
  { key: "tourMinutes", label: () => t("Tour length"), unit: () => t("minutes"), min: 10, max: 240 },
  { key: "slotIntervalMinutes", label: () => t("A tour may start every"), unit: () => t("minutes"), min: 5, max: 240 },
  { key: "bufferBeforeMinutes", label: () => t("Free time before a tour"), unit: () => t("minutes"), min: 0, max: 240 },
  { key: "bufferAfterMinutes", label: () => t("Free time after a tour"), unit: () => t("minutes"), min: 0, max: 240 },
  { key: "minNoticeMinutes", label: () => t("Minimum notice"), unit: () => t("minutes"), min: 0, max: 20160 },
  { key: "bookingWindowDays", label: () => t("Bookable up to"), unit: () => t("days ahead"), min: 1, max: 90 },
];

const TEXTS: Array<{ key: "address" | "phone" | "email"; label: () => string; type: "text" | "tel" | "email" }> = [
  { key: "address", label: () => t("Address"), type: "text" },
  { key: "phone", label: () => t("Phone"), type: "tel" },
  { key: "email", label: () => t("Leasing office email"), type: "email" },
];

const QUESTIONS: Array<{ key: keyof Rules["leasingQuestions"]; label: () => string }> = [
  { key: "moveInDate", label: () => t("Move-in date") },
  { key: "bedrooms", label: () => t("Bedrooms") },
  { key: "pets", label: () => t("Pets") },
];

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t("Something went wrong. Please try again.");
}

function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" })
    .format(new Date(`${date}T12:00:00Z`));
}

export function RulesSection({ api }: { api: RulesApi }) {
  const [rules, setRules] = useState<Rules | null>(null);
  const [loadError, setLoadError] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.rules().then(setRules, (e) => setLoadError(messageOf(e)));
  }, [api]);

  useEffect(() => {
    if (summary) summaryRef.current?.focus();
  }, [summary]);

  if (!rules) {
    return (
      <section class="ll-rules" aria-labelledby="ll-rules-title">
        <h3 id="ll-rules-title">{t("Rules")}</h3>
        {loadError ? <p class="ll-error">{loadError}</p> : <p aria-busy="true">{t("Loading rules…")}</p>}
      </section>
    );
  }

  const set = <K extends keyof Rules>(key: K, value: Rules[K]) => setRules({ ...rules, [key]: value });

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setNote("");
    setSummary("");
    try {
      const { settings, changed } = await api.saveRules(rules);
      setRules(settings);
      setErrors({});
      setNote(changed.length ? tn("Saved %d change. Prospects see it at once.", "Saved %d changes. Prospects see them at once.", changed.length) : t("Nothing changed."));
      if (preview) setPreview(await api.preview(7).catch(() => null));
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : {};
      setErrors(fields);
      const count = Object.keys(fields).length;
      setSummary(count ? tn("%d setting needs another look; nothing was saved.", "%d settings need another look; nothing was saved.", count) : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const showPreview = async () => {
    setPreviewError("");
    try {
      setPreview(await api.preview(7));
    } catch (e) {
      setPreviewError(messageOf(e));
    }
  };

  return (
    <section class="ll-rules" aria-labelledby="ll-rules-title">
      <h3 id="ll-rules-title">{t("Rules")}</h3>
      <div role="status" aria-live="polite">{note}</div>
      {summary && (
        <div class="ll-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>{summary}</p>
          {Object.keys(errors).length > 0 && <ul>{Object.entries(errors).map(([k, v]) => <li key={k}>{v}</li>)}</ul>}
        </div>
      )}
      <form onSubmit={save} noValidate>
        <WeekHours value={rules.weeklyHours} errors={errors} onChange={(v) => set("weeklyHours", v)} />
        <DateExceptions value={rules.dateExceptions} errors={errors} onChange={(v) => set("dateExceptions", v)} />

        <fieldset class="ll-rules-group">
          <legend>{t("Tours")}</legend>
          {NUMBERS.map(({ key, label, unit, min, max }) => (
            <p key={key}>
              <label for={`ll-rules-${key}`}>{label()}</label>{" "}
              <input id={`ll-rules-${key}`} type="number" class="small-text" min={min} max={max} step={1}
                value={String(rules[key])} {...invalidProps(errors, key)}
                onInput={(e) => set(key, Number((e.target as HTMLInputElement).value) as never)} /> {unit()}
              <FieldError errors={errors} name={key} />
            </p>
          ))}
        </fieldset>

        <fieldset class="ll-rules-group">
          <legend>{t("Contact")}</legend>
          {TEXTS.map(({ key, label, type }) => (
            <p key={key}>
              <label for={`ll-rules-${key}`}>{label()}</label>{" "}
              <input id={`ll-rules-${key}`} type={type as "text"} class="regular-text" value={rules[key] ?? ""} {...invalidProps(errors, key)}
                onInput={(e) => set(key, (e.target as HTMLInputElement).value || null)} />
              <FieldError errors={errors} name={key} />
            </p>
          ))}
          <p>
            <label for="ll-rules-managers">{t("Managers who get the alerts (one email a line)")}</label>
            <textarea id="ll-rules-managers" rows={3} class="regular-text" value={rules.managers.join("\n")} {...invalidProps(errors, "managers")}
              onInput={(e) => set("managers", (e.target as HTMLTextAreaElement).value.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean))} />
            <FieldError errors={errors} name="managers" />
          </p>
          <p>
            <label for="ll-rules-timeZone">{t("Time zone")}</label>{" "}
            <input id="ll-rules-timeZone" type="text" class="regular-text" value={rules.timeZone} {...invalidProps(errors, "timeZone")}
              aria-describedby={errorFor(errors, "timeZone") ? undefined : "ll-rules-timeZone-hint"}
              onInput={(e) => set("timeZone", (e.target as HTMLInputElement).value)} />
            <span id="ll-rules-timeZone-hint" class="ll-muted"> {t("Such as America/Chicago")}</span>
            <FieldError errors={errors} name="timeZone" />
          </p>
        </fieldset>

        <fieldset class="ll-rules-group">
          <legend>{t("What the widget asks and says")}</legend>
          <p>
            <label for="ll-rules-defaultLanguage">{t("Language when the visitor's is not known")}</label>{" "}
            <select id="ll-rules-defaultLanguage" value={rules.defaultLanguage} {...invalidProps(errors, "defaultLanguage")}
              onChange={(e) => set("defaultLanguage", (e.target as HTMLSelectElement).value as Rules["defaultLanguage"])}>
              <option value="en">English</option>
              <option value="es">Español</option>
            </select>
            <FieldError errors={errors} name="defaultLanguage" />
          </p>
          <fieldset>
            <legend>{t("Questions asked when booking")}</legend>
            {QUESTIONS.map(({ key, label }) => (
              <label key={key} class="ll-check">
                <input type="checkbox" checked={rules.leasingQuestions[key]}
                  onChange={(e) => set("leasingQuestions", { ...rules.leasingQuestions, [key]: (e.target as HTMLInputElement).checked })} />{" "}
                {label()}
              </label>
            ))}
          </fieldset>
          <p>
            <label for="ll-rules-smsConsentText">{t("Text message consent")}</label>
            <textarea id="ll-rules-smsConsentText" rows={3} class="large-text" value={rules.smsConsentText} {...invalidProps(errors, "smsConsentText")}
              onInput={(e) => set("smsConsentText", (e.target as HTMLTextAreaElement).value)} />
            <FieldError errors={errors} name="smsConsentText" />
          </p>
        </fieldset>

        <FollowUpFields rules={rules} errors={errors} onChange={(change) => setRules({ ...rules, ...change })} />

        <div class="ll-toolbar">
          <button type="submit" class="button button-primary" disabled={busy}>{t("Save rules")}</button>
          <button type="button" class="button" onClick={showPreview}>{t("Preview the next 7 days")}</button>
        </div>
      </form>

      {previewError && <p class="ll-error">{previewError}</p>}
      {preview && (
        <div class="ll-preview" aria-labelledby="ll-preview-title">
          <h4 id="ll-preview-title">{tf("What prospects see (%s)", preview.timezone)}</h4>
          <ul class="ll-days">
            {preview.days.map((d) => (
              <li key={d.date}>
                <strong>{dayLabel(d.date)}</strong>:{" "}
                {d.times.length ? d.times.join(", ") : <span class="ll-muted">{t("no tours")}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
