// Confirmation mode: the chosen slot and the visitor's details.
import type { ComponentChildren, ComponentType } from "preact";
import { useRef } from "preact/hooks";
import { SPECIAL_REQUESTS_MAX, validateField, type BookingForm, type FormField } from "../booking/validate.ts";
import type { Store } from "../state/store.ts";
import { dateInZone, formatDateLong, formatTime, zoneName, zonesDiffer } from "../time/format.ts";
import { Alternatives, Problem } from "./common.tsx";

interface FieldProps {
  store: Store;
  name: FormField;
  label: string;
  hint?: string;
  as?: "input" | "select" | "textarea";
  children?: ComponentChildren;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  min?: string;
  maxLength?: number;
  rows?: number;
  "aria-describedby"?: string;
}

function Field({ store, name, label, hint, as = "input", children, ...rest }: FieldProps) {
  const error = store.errors.value[name];
  const id = "ll-" + name;
  const describedBy = [hint && id + "-hint", error && id + "-err", rest["aria-describedby"]].filter(Boolean).join(" ");
  // One component for input, select and textarea; their shared attributes are all we pass.
  const Tag = as as unknown as ComponentType<Record<string, unknown>>;
  const revalidate = (form: BookingForm, force: boolean) => {
    if (force || error) store.setFieldError(name, validateField(name, form, store.t));
  };
  return (
    <div class="ll-field">
      <label for={id}>{label}</label>
      {hint && (
        <span class="ll-note" id={id + "-hint"}>
          {hint}
        </span>
      )}
      <Tag
        {...rest}
        id={id}
        name={name}
        value={String(store.form.value[name])}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e: Event) => {
          store.setField(name, (e.currentTarget as HTMLInputElement).value);
          revalidate(store.form.value, false);
        }}
        onBlur={() => revalidate(store.form.value, String(store.form.value[name]) !== "")}
      >
        {children}
      </Tag>
      {error && (
        <span class="ll-err" id={id + "-err"}>
          {error}
        </span>
      )}
    </div>
  );
}

export function ConfirmationView({ store }: { store: Store }) {
  const { t, options } = store;
  const state = store.state.value;
  const formRef = useRef<HTMLFormElement>(null);
  if (state.mode !== "confirmation") return null;
  const zone = store.timeZone.value;
  const start = state.start;
  const config = store.configData.value;
  const questions = config?.leasingQuestions;
  const form = store.form.value;
  const smsError = store.errors.value.smsConsent;
  const submitting = store.submitting.value;
  const failure = store.bookingFailure.value;
  const localDiffers = zonesDiffer(zone, store.visitorTimeZone, new Date(start));

  const submit = async () => {
    const invalid = await store.submitBooking();
    const root = formRef.current?.parentElement;
    const target = invalid
      ? root?.querySelector<HTMLElement>("#ll-" + invalid)
      : store.alternatives.value.length
        ? root?.querySelector<HTMLElement>("#ll-alts-h")
        : root?.querySelector<HTMLElement>("#ll-problem, #ll-form-msg");
    target?.focus();
  };

  return (
    <div>
      <h3 data-focus tabIndex={-1}>{t.confirmHeading}</h3>
      <div class="ll-card" role="group" aria-label={t.yourTour}>
        <p class="ll-strong">{formatDateLong(dateInZone(start, zone), options.locale)}</p>
        <p>
          {formatTime(start, zone, options.locale)} ({zoneName(zone, options.locale, new Date(start))})
        </p>
        {localDiffers && <p class="ll-note">{t.yourTime(formatTime(start, store.visitorTimeZone, options.locale))}</p>}
        <button type="button" class="ll-link" onClick={store.back}>
          {t.changeTime}
        </button>
      </div>
      {store.alternatives.value.length > 0 && <Alternatives store={store} onPickAnother={store.back} />}
      <form
        ref={formRef}
        noValidate
        aria-busy={submitting ? "true" : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="ll-row">
          <Field store={store} name="firstName" label={t.firstName} autocomplete="given-name" required />
          <Field store={store} name="lastName" label={t.lastName} autocomplete="family-name" required />
        </div>
        <Field store={store} name="email" label={t.email} type="email" autocomplete="email" required />
        <Field store={store} name="phone" label={t.phone} type="tel" autocomplete="tel" />
        {config?.smsConsentText && (
          <div class="ll-field ll-check">
            <input
              id="ll-smsConsent"
              type="checkbox"
              checked={form.smsConsent}
              aria-invalid={smsError ? "true" : undefined}
              aria-describedby={smsError ? "ll-smsConsent-err" : undefined}
              onChange={(e) => {
                store.setField("smsConsent", e.currentTarget.checked);
                if (smsError) store.setFieldError("smsConsent", validateField("smsConsent", store.form.value, t));
              }}
            />
            <label for="ll-smsConsent">{config.smsConsentText}</label>
            {smsError && (
              <span class="ll-err" id="ll-smsConsent-err">
                {smsError}
              </span>
            )}
          </div>
        )}
        {questions?.moveInDate && (
          <Field store={store} name="moveInDate" label={t.moveInDate} type="date" min={dateInZone(store.now(), zone)} />
        )}
        {questions?.bedrooms && (
          <Field store={store} name="bedrooms" label={t.bedrooms} as="select">
            <option value="">{t.noPreference}</option>
            <option value="0">{t.studio}</option>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={String(n)}>
                {t.bedroomOption(n)}
              </option>
            ))}
          </Field>
        )}
        {questions?.pets && <Field store={store} name="pets" label={t.pets} hint={t.petsHint} />}
        <Field
          store={store}
          name="specialRequests"
          label={t.specialRequests}
          as="textarea"
          maxLength={SPECIAL_REQUESTS_MAX}
          rows={3}
          aria-describedby="ll-count"
        />
        <span class="ll-note" id="ll-count">
          {t.counter(form.specialRequests.length, SPECIAL_REQUESTS_MAX)}
        </span>
        <div class="ll-hp" aria-hidden="true">
          <label for="ll-website">{t.honeypot}</label>
          <input
            id="ll-website"
            name="website"
            tabIndex={-1}
            autocomplete="off"
            value={form.website}
            onInput={(e) => store.setField("website", e.currentTarget.value)}
          />
        </div>
        {store.formMessage.value && (
          <p class="ll-err" id="ll-form-msg" role="alert" tabIndex={-1}>
            {store.formMessage.value}
          </p>
        )}
        {failure && <Problem store={store} failure={failure} onRetry={() => void submit()} />}
        <button type="submit" class="ll-primary" disabled={submitting}>
          {submitting ? t.submitting : t.submit}
        </button>
      </form>
    </div>
  );
}
