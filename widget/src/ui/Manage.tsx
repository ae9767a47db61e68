// Manage mode: see the tour from the email link, cancel it (after a confirmation step) or reschedule it.
import type { Store } from "../state/store.ts";
import { Alternatives, Problem } from "./common.tsx";

export function ManageView({ store }: { store: Store }) {
  const { t } = store;
  const state = store.state.value;
  const managed = store.managed.value;
  if (state.mode !== "manage") return null;
  const failure = store.manageFailure.value;
  const busy = store.manageBusy.value;
  const knownError = (code?: string) => (code ? t.manageErrors[code] : undefined);
  const backToChat = (
    <button type="button" class="ll-btn" onClick={store.backToChat}>
      {t.backToChat}
    </button>
  );

  let body;
  if (managed.status === "error") {
    const message = knownError(managed.failure.kind === "http" ? managed.failure.body?.error.code : undefined);
    body = message ? (
      <>
        <p class="ll-problem" role="alert">
          {message}
        </p>
        {backToChat}
      </>
    ) : (
      <Problem store={store} failure={managed.failure} onRetry={store.loadManage} />
    );
  } else if (managed.status !== "ready") {
    body = <p aria-busy="true">{t.loadingTour}</p>;
  } else {
    const b = managed.data;
    const when = store.formatWhen(b.start, b.timezone);
    const failureMessage = failure && knownError(failure.kind === "http" ? failure.body?.error.code : undefined);
    const retry = state.step === "confirmCancel" ? store.confirmCancel : store.confirmReschedule;
    body = (
      <>
        <div class="ll-card" role="group" aria-label={t.yourTour}>
          <p class="ll-strong">{b.propertyName}</p>
          <p>{when}</p>
          <p class="ll-note">{t.status(b.status)}</p>
        </div>
        {store.manageNotice.value && (
          <p class="ll-card" role="status">
            {store.manageNotice.value}
          </p>
        )}
        {failure && (failureMessage ? <p class="ll-problem" role="alert">{failureMessage}</p> : <Problem store={store} failure={failure} onRetry={() => void retry()} />)}
        {state.step === "view" && (
          <p class="ll-stack">
            {b.canReschedule && (
              <button type="button" class="ll-primary" onClick={store.startReschedule}>
                {t.reschedule}
              </button>
            )}
            {b.canCancel && (
              <button type="button" class="ll-btn" onClick={store.askCancel}>
                {t.cancelTour}
              </button>
            )}
            {backToChat}
          </p>
        )}
        {state.step === "confirmCancel" && (
          <div>
            <p data-focus tabIndex={-1} class="ll-strong">
              {t.confirmCancelQ(when)}
            </p>
            <p class="ll-stack">
              <button type="button" class="ll-danger" disabled={busy} onClick={() => void store.confirmCancel()}>
                {t.confirmCancel}
              </button>
              <button type="button" class="ll-btn" onClick={store.back}>
                {t.keepTour}
              </button>
            </p>
          </div>
        )}
        {state.step === "confirmReschedule" && state.start && (
          <div>
            <p data-focus tabIndex={-1} class="ll-strong">
              {t.confirmRescheduleQ(store.formatWhen(state.start, b.timezone))}
            </p>
            {store.alternatives.value.length > 0 && <Alternatives store={store} />}
            <p class="ll-stack">
              <button type="button" class="ll-primary" disabled={busy} onClick={() => void store.confirmReschedule()}>
                {t.confirmReschedule}
              </button>
              <button type="button" class="ll-btn" onClick={store.back}>
                {t.chooseDifferent}
              </button>
            </p>
          </div>
        )}
      </>
    );
  }

  return (
    <div>
      <h3 data-focus={state.step === "view" ? true : undefined} tabIndex={-1}>
        {t.manageHeading}
      </h3>
      {body}
    </div>
  );
}
