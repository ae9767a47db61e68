/** @jsxImportSource preact */
// The Rules section's "After the tour" fields: whether a prospect whose tour is marked
// attended gets a thank-you email, and the apply link it carries (required when on; the
// backend's error shows at the field).
import { t } from "./i18n.ts";
import type { Rules } from "./rules-api.ts";
import { type Errors, errorFor, errorId, FieldError, invalidProps } from "./rules-fields.tsx";

export function FollowUpFields({ rules, errors, onChange }: {
  rules: Rules;
  errors: Errors;
  onChange: (change: Pick<Rules, "followUpEmail" | "applyUrl">) => void;
}) {
  const on = rules.followUpEmail ?? false;
  const applyUrl = rules.applyUrl ?? null;
  return (
    <fieldset class="ll-rules-group">
      <legend>{t("After the tour")}</legend>
      <p>
        <label class="ll-check">
          <input id="ll-rules-followUpEmail" type="checkbox" checked={on} {...invalidProps(errors, "followUpEmail")}
            onChange={(e) => onChange({ followUpEmail: (e.target as HTMLInputElement).checked, applyUrl })} />{" "}
          {t("Email the prospect a thank-you with the apply link when a tour is marked attended")}
        </label>
        <FieldError errors={errors} name="followUpEmail" />
      </p>
      <p>
        <label for="ll-rules-applyUrl">{t("Apply link")}</label>{" "}
        <input id="ll-rules-applyUrl" type="url" inputMode="url" class="regular-text" value={applyUrl ?? ""}
          required={on} aria-required={on ? "true" : undefined} {...invalidProps(errors, "applyUrl")}
          aria-describedby={errorFor(errors, "applyUrl") ? errorId("applyUrl") : "ll-rules-applyUrl-hint"}
          onInput={(e) => onChange({ followUpEmail: on, applyUrl: (e.target as HTMLInputElement).value.trim() || null })} />
        <span id="ll-rules-applyUrl-hint" class="ll-muted"> {t("Your online application, starting with https://")}</span>
        <FieldError errors={errors} name="applyUrl" />
      </p>
    </fieldset>
  );
}
