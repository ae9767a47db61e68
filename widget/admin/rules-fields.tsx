/** @jsxImportSource preact */
// Pieces of the Rules form: a field's inline error, the week's office hours (several ranges
// a day) and the closures or special hours on dates. Every input has a label; an error is
// tied to its input with aria-describedby and aria-invalid.
import { t, tf } from "./i18n.ts";
import type { DateException, Range, Rules, Weekday } from "./rules-api.ts";

export type Errors = Record<string, string>;

/** The error for a field, or for anything inside it ("weeklyHours.1" covers "weeklyHours.1.0.end"). */
export function errorFor(errors: Errors, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  return inner ? errors[inner] : undefined;
}

export const errorId = (name: string) => `ll-rules-error-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** aria attributes for an input whose field may have an error (shown by the FieldError named `shownAt`). */
export function invalidProps(errors: Errors, name: string, shownAt = name) {
  return errorFor(errors, name) ? { "aria-invalid": "true" as const, "aria-describedby": errorId(shownAt) } : {};
}

export function FieldError({ errors, name }: { errors: Errors; name: string }) {
  const message = errorFor(errors, name);
  return message ? <p id={errorId(name)} class="ll-field-error">{message}</p> : null;
}

/** Monday first, as an office week reads. */
export const WEEK: Array<{ key: Weekday; name: () => string }> = [
  { key: "1", name: () => t("Monday") },
  { key: "2", name: () => t("Tuesday") },
  { key: "3", name: () => t("Wednesday") },
  { key: "4", name: () => t("Thursday") },
  { key: "5", name: () => t("Friday") },
  { key: "6", name: () => t("Saturday") },
  { key: "0", name: () => t("Sunday") },
];

function RangeInputs({ id, label, range, errors, name, shownAt, onChange, onRemove }: {
  id: string;
  label: string;
  range: Range;
  errors: Errors;
  name: string;
  /** The FieldError that shows this range's error. */
  shownAt: string;
  onChange: (r: Range) => void;
  onRemove: () => void;
}) {
  return (
    <div class="ll-range" role="group" aria-label={label}>
      <label for={`${id}-start`}>{t("Opens")}</label>
      <input id={`${id}-start`} type="time" value={range.start} {...invalidProps(errors, name, shownAt)}
        onInput={(e) => onChange({ ...range, start: (e.target as HTMLInputElement).value })} />
      <label for={`${id}-end`}>{t("Closes")}</label>
      <input id={`${id}-end`} type="time" value={range.end === "24:00" ? "23:59" : range.end} {...invalidProps(errors, name, shownAt)}
        onInput={(e) => onChange({ ...range, end: (e.target as HTMLInputElement).value })} />
      <button type="button" class="button" aria-label={tf("Remove %s", label)} onClick={onRemove}>
        {t("Remove")}
      </button>
    </div>
  );
}

export function WeekHours({ value, errors, onChange }: { value: Rules["weeklyHours"]; errors: Errors; onChange: (v: Rules["weeklyHours"]) => void }) {
  const set = (day: Weekday, ranges: Range[]) => onChange({ ...value, [day]: ranges });
  return (
    <fieldset class="ll-rules-group">
      <legend>{t("Office hours")}</legend>
      <p class="ll-muted">{t("Tours are offered inside these hours. A day without hours is closed.")}</p>
      {WEEK.map(({ key, name }) => {
        const ranges = value[key] ?? [];
        return (
          <div class="ll-day-hours" key={key} role="group" aria-labelledby={`ll-day-${key}`}>
            <strong id={`ll-day-${key}`} class="ll-day-name">{name()}</strong>
            {ranges.length === 0 && <span class="ll-muted">{t("Closed")}</span>}
            {ranges.map((r, i) => (
              <RangeInputs key={i} id={`ll-hours-${key}-${i}`} label={tf("%1$s, hours %2$d", name(), i + 1)} range={r} errors={errors}
                name={`weeklyHours.${key}.${i}`} shownAt={`weeklyHours.${key}`}
                onChange={(next) => set(key, ranges.map((x, j) => j === i ? next : x))}
                onRemove={() => set(key, ranges.filter((_, j) => j !== i))} />
            ))}
            <button type="button" class="button" aria-label={tf("Add hours on %s", name())}
              onClick={() => set(key, [...ranges, { start: "09:00", end: "17:00" }])}>
              {t("Add hours")}
            </button>
            <FieldError errors={errors} name={`weeklyHours.${key}`} />
          </div>
        );
      })}
      {errors.weeklyHours && <p id={errorId("weeklyHours")} class="ll-field-error">{errors.weeklyHours}</p>}
    </fieldset>
  );
}

export function DateExceptions({ value, errors, onChange }: { value: DateException[]; errors: Errors; onChange: (v: DateException[]) => void }) {
  const set = (i: number, next: DateException) => onChange(value.map((x, j) => j === i ? next : x));
  return (
    <fieldset class="ll-rules-group">
      <legend>{t("Closures and special hours")}</legend>
      {value.length === 0 && <p class="ll-muted">{t("No dates with their own hours.")}</p>}
      {value.map((e, i) => {
        const label = e.date || tf("Date %d", i + 1);
        const closed = e.closed === true || !(e.hours?.length);
        return (
          <div class="ll-exception" key={i} role="group" aria-label={label}>
            <label for={`ll-exception-${i}-date`}>{t("Date")}</label>
            <input id={`ll-exception-${i}-date`} type="date" value={e.date} {...invalidProps(errors, `dateExceptions.${i}.date`, `dateExceptions.${i}`)}
              onInput={(ev) => set(i, { ...e, date: (ev.target as HTMLInputElement).value })} />
            <label class="ll-check-inline">
              <input type="checkbox" checked={closed}
                onChange={(ev) => set(i, (ev.target as HTMLInputElement).checked
                  ? { date: e.date, closed: true }
                  : { date: e.date, hours: [{ start: "10:00", end: "14:00" }] })} />
              {t("Closed all day")}
            </label>
            {!closed && (e.hours ?? []).map((r, k) => (
              <RangeInputs key={k} id={`ll-exception-${i}-${k}`} label={tf("%1$s, hours %2$d", label, k + 1)} range={r} errors={errors}
                name={`dateExceptions.${i}.hours.${k}`} shownAt={`dateExceptions.${i}`}
                onChange={(next) => set(i, { date: e.date, hours: e.hours!.map((x, j) => j === k ? next : x) })}
                onRemove={() => set(i, e.hours!.length > 1 ? { date: e.date, hours: e.hours!.filter((_, j) => j !== k) } : { date: e.date, closed: true })} />
            ))}
            {!closed && (
              <button type="button" class="button" aria-label={tf("Add hours on %s", label)}
                onClick={() => set(i, { date: e.date, hours: [...(e.hours ?? []), { start: "15:00", end: "17:00" }] })}>
                {t("Add hours")}
              </button>
            )}
            <button type="button" class="button" aria-label={tf("Remove %s", label)}
              onClick={() => onChange(value.filter((_, j) => j !== i))}>
              {t("Remove date")}
            </button>
            <FieldError errors={errors} name={`dateExceptions.${i}`} />
          </div>
        );
      })}
      <button type="button" class="button" onClick={() => onChange([...value, { date: "", closed: true }])}>{t("Add a date")}</button>
      <FieldError errors={errors} name="dateExceptions" />
    </fieldset>
  );
}
