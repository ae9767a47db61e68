/** @jsxImportSource preact */
// "Book a tour" for someone who phoned or walked in: a free slot and the prospect's details.
import { useState } from "preact/hooks";
import { t, tf } from "../i18n.ts";
import type { ToursApi } from "./api.ts";
import { useRefusal } from "./refusal.ts";
import { Dialog, FieldError } from "./dialog.tsx";
import { formatWhen } from "./model.ts";
import { SlotPicker } from "./slot-picker.tsx";
import type { BookingInput } from "./types.ts";

interface BookProps {
  api: ToursApi;
  timezone: string;
  onClose: () => void;
  onBooked: (id: string, message: string) => void;
}

const TEXT_FIELDS: Array<[keyof BookingInput, string, string, boolean]> = [
  ["firstName", "First name", "given-name", true],
  ["lastName", "Last name", "family-name", true],
  ["email", "Email", "email", true],
  ["phone", "Phone", "tel", false],
];

export function BookDialog({ api, timezone, onClose, onBooked }: BookProps) {
  const [input, setInput] = useState<BookingInput>({ start: "", firstName: "", lastName: "", email: "", phone: "", source: "phone", specialRequests: "" });
  const [busy, setBusy] = useState(false);
  const refusal = useRefusal();
  const { error, fields, alternatives, reloadSlots, setFields } = refusal;
  const set = (key: keyof BookingInput, value: string) => setInput((v) => ({ ...v, [key]: value }));

  const submit = async (start: string) => {
    setBusy(true);
    refusal.clear();
    try {
      const body: BookingInput = { ...input, start };
      if (!body.phone?.trim()) delete body.phone;
      if (!body.specialRequests?.trim()) delete body.specialRequests;
      const { id } = await api.book(body);
      onBooked(id, tf("Tour booked for %1$s %2$s on %3$s.", input.firstName, input.lastName, formatWhen(start, timezone)));
    } catch (err) {
      refusal.show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog id="ll-book" title={t("Book a tour")} onClose={onClose}>
      <form class="ll-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        if (!input.start) {
          setFields({ start: t("Choose a time.") });
          return;
        }
        submit(input.start);
      }}>
        {error && <div class="notice notice-error inline" role="alert"><p>{error}</p></div>}
        {alternatives.length > 0 && (
          <div class="ll-alternatives">
            <p>{t("That time was just taken. The next open times:")}</p>
            <ul>
              {alternatives.map((a) => (
                <li key={a.start}>
                  <button type="button" class="button" disabled={busy} onClick={() => {
                    set("start", a.start);
                    submit(a.start);
                  }}>
                    {tf("Book %s", formatWhen(a.start, timezone))}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset class="ll-radios">
          <legend>{t("How did they reach us?")}</legend>
          {([["phone", t("Phoned")], ["walk_in", t("Walked in")]] as const).map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="ll-book-source" value={value} checked={input.source === value}
                onChange={() => setInput((v) => ({ ...v, source: value }))} /> {label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{tf("Time (%s)", timezone)}</legend>
          <SlotPicker api={api} id="ll-book-slot" value={input.start} onChange={(s) => set("start", s)} error={fields.start} reloadKey={reloadSlots} />
        </fieldset>
        {TEXT_FIELDS.map(([key, label, autocomplete, required]) => (
          <p key={key}>
            <label for={`ll-book-${key}`}>{t(label)}{required ? "" : ` (${t("optional")})`}</label>
            <input
              id={`ll-book-${key}`}
              type={(key === "email" ? "email" : key === "phone" ? "tel" : "text") as "text"}
              class="regular-text"
              autoComplete={autocomplete}
              required={required}
              aria-required={required ? "true" : undefined}
              value={String(input[key] ?? "")}
              aria-invalid={fields[key] ? "true" : undefined}
              aria-describedby={fields[key] ? `ll-book-${key}-error` : undefined}
              onInput={(e) => set(key, (e.target as HTMLInputElement).value)}
            />
            <FieldError id={`ll-book-${key}-error`} message={fields[key]} />
          </p>
        ))}
        <p>
          <label for="ll-book-specialRequests">{t("Special requests")} ({t("optional")})</label>
          <textarea id="ll-book-specialRequests" rows={2} value={input.specialRequests}
            aria-invalid={fields.specialRequests ? "true" : undefined}
            aria-describedby={fields.specialRequests ? "ll-book-specialRequests-error" : undefined}
            onInput={(e) => set("specialRequests", (e.target as HTMLTextAreaElement).value)} />
          <FieldError id="ll-book-specialRequests-error" message={fields.specialRequests} />
        </p>
        <p class="ll-muted">{t("The prospect gets the confirmation email (and texts only if they agreed to them through the widget).")}</p>
        <button type="submit" class="button button-primary" disabled={busy}>{t("Book tour")}</button>
      </form>
    </Dialog>
  );
}
