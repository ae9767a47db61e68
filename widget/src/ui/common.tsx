// Small pieces shared by several views: contact links, error panels, 409 alternatives.
import { failureCode, type ApiFailure } from "../api/client.ts";
import type { Alternative } from "../api/types.ts";
import type { Store } from "../state/store.ts";
import { formatDateLong, formatTime } from "../time/format.ts";

export function ContactLinks({ store, phone, email }: { store: Store; phone?: string | null; email?: string | null }) {
  const { t } = store;
  const p = phone ?? store.contact.value.phone;
  const e = email ?? store.contact.value.email;
  if (!p && !e) return null;
  return (
    <p class="ll-row">
      {p && <a class="ll-btn" href={"tel:" + p.replace(/[^\d+]/g, "")}>{t.call(p)}</a>}
      {e && <a class="ll-btn" href={"mailto:" + e}>{t.emailUs(e)}</a>}
    </p>
  );
}

/** An API failure explained, with the fallback contact for 503 and a Retry button otherwise. */
export function Problem({ store, failure, onRetry }: { store: Store; failure: ApiFailure; onRetry?: () => void }) {
  const { t } = store;
  const code = failureCode(failure);
  if (code === "calendar_unavailable") {
    const fallback = failure.kind === "http" ? failure.body?.fallback : undefined;
    return (
      <div class="ll-problem" role="alert" id="ll-problem" tabIndex={-1}>
        <p>{t.calendarUnavailable}</p>
        <ContactLinks store={store} phone={fallback?.phone} email={fallback?.email} />
      </div>
    );
  }
  const message =
    code === "network" ? t.networkError
    : code === "timeout" ? t.timeoutError
    : code === "rate_limited" ? t.rateLimited(failure.kind === "http" ? failure.retryAfterSeconds : null)
    : t.genericError;
  return (
    <div class="ll-problem" role="alert" id="ll-problem" tabIndex={-1}>
      <p>{message}</p>
      {onRetry && (
        <button type="button" class="ll-btn" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function Alternatives({ store, onPickAnother }: { store: Store; onPickAnother?: () => void }) {
  const { t, options } = store;
  const alternatives = store.alternatives.value;
  if (!alternatives.length && !onPickAnother) return null;
  const label = (a: Alternative) =>
    t.at(formatDateLong(a.date, options.locale, false), formatTime(a.start, store.timeZone.value, options.locale));
  return (
    <div class="ll-card" role="group" aria-labelledby="ll-alts-h">
      <p id="ll-alts-h" tabIndex={-1}>{t.slotTaken}</p>
      <ul>
        {alternatives.map((a) => (
          <li key={a.start}>
            <button type="button" class="ll-btn" onClick={() => store.chooseAlternative(a)}>
              {label(a)}
            </button>
          </li>
        ))}
      </ul>
      {onPickAnother && (
        <button type="button" class="ll-link" onClick={onPickAnother}>
          {t.pickAnother}
        </button>
      )}
    </div>
  );
}
