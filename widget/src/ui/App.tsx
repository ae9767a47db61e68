// The widget shell: live region (mounted first, so later announcements are heard), the
// dialog with its header, focus trap and Escape, and the current mode's view.
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { canGoBack } from "../state/machine.ts";
import type { Store } from "../state/store.ts";
import { textOn } from "../theme/color.ts";
import { CalendarView } from "./Calendar.tsx";
import { ChatView } from "./Chat.tsx";
import { ConfirmationView } from "./Confirmation.tsx";
import { activeElementIn, focusView, trapTab } from "./focus.ts";
import { ManageView } from "./Manage.tsx";
import { SuccessView } from "./Success.tsx";

const VIEWS = {
  chat: ChatView,
  calendar: CalendarView,
  confirmation: ConfirmationView,
  success: SuccessView,
  manage: ManageView,
};

/** Phones get a full-screen, modal sheet. */
const SHEET_QUERY = "(max-width: 480px)";

function useMedia(query: string): boolean {
  const list = typeof matchMedia === "function" ? matchMedia(query) : null;
  const matches = useSignal(!!list?.matches);
  useEffect(() => {
    if (!list) return;
    const update = () => (matches.value = list.matches);
    list.addEventListener?.("change", update);
    return () => list.removeEventListener?.("change", update);
  }, [query]);
  return matches.value;
}

export function App({ store }: { store: Store }) {
  const { t, options } = store;
  const inline = !!options.inline;
  const state = store.state.value;
  const open = store.isOpen.value;
  const sheet = useMedia(SHEET_QUERY) && !inline;
  const panel = useRef<HTMLElement>(null);
  const viewKey = state.mode + (state.mode === "manage" ? state.step : "") + open;

  // Move focus to the new mode's heading or first control. An inline widget is part of the
  // page, so it only moves focus that is already inside it (never on page load).
  useEffect(() => {
    const el = panel.current;
    if (el && (!inline || el.contains(activeElementIn(el)))) focusView(el);
  }, [viewKey]);

  const brand = store.brandColor.value;
  const position = options.page.position ?? store.configData.value?.widget.position ?? "bottom-right";
  const View = VIEWS[state.mode];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape" && !inline) {
      e.stopPropagation();
      store.close();
    } else if (e.key === "Tab" && panel.current) trapTab(e, panel.current);
  };

  return (
    <div
      class="ll-root"
      data-mode={state.mode}
      dir="ltr"
      lang={t.lang}
      style={`--ll-brand:${brand};--ll-on-brand:${textOn(brand)}`}
    >
      <div class="ll-sr" aria-live="polite" aria-atomic="true">
        {store.announcement.value}
      </div>
      {open && (
        <section
          ref={panel}
          class={"ll-panel " + (inline ? "ll-inline" : "ll-float ll-" + position)}
          role={inline ? "region" : "dialog"}
          aria-modal={sheet ? "true" : undefined}
          aria-labelledby="ll-title"
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          <header>
            {canGoBack(state) && (
              <button type="button" class="ll-icon" aria-label={t.back} onClick={store.back}>
                <span aria-hidden="true">‹</span>
              </button>
            )}
            <h2 id="ll-title">{store.configData.value?.property.name ?? t.chatTitle}</h2>
            {!inline && (
              <button type="button" class="ll-icon" aria-label={t.close} onClick={store.close}>
                <span aria-hidden="true">×</span>
              </button>
            )}
          </header>
          <div class="ll-body">
            <View store={store} />
          </div>
        </section>
      )}
    </div>
  );
}
