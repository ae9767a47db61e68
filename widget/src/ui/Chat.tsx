import { useEffect, useRef } from "preact/hooks";
import type { ChatAction, QuickReply, Store } from "../state/store.ts";
import { ContactLinks } from "./common.tsx";

const QUICK: QuickReply[] = ["tour", "pricing", "pets", "human"];

export function ChatView({ store }: { store: Store }) {
  const { t } = store;
  const log = useRef<HTMLDivElement>(null);
  const messages = store.messages.value;
  const label = (action: ChatAction) => (action === "retryLead" ? t.retry : t.quick[action]);

  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [messages.length]);

  return (
    <div class="ll-chat">
      <div class="ll-log" role="log" aria-live="polite" aria-label={t.conversation} ref={log}>
        <p class="ll-msg ll-bot">
          <span class="ll-sr">{t.assistant}: </span>
          {store.greeting.value}
        </p>
        {messages.map((m) => (
          <div key={m.id} class={"ll-msg ll-" + m.from}>
            <span class="ll-sr">{m.from === "bot" ? t.assistant : t.you}: </span>
            {m.text}
            {m.contact && <ContactLinks store={store} />}
            {m.actions && (
              <span class="ll-row">
                {m.actions.map((a) => (
                  <button key={a} type="button" class="ll-chip" onClick={() => store.quickReply(a)}>
                    {label(a)}
                  </button>
                ))}
              </span>
            )}
          </div>
        ))}
      </div>
      <div class="ll-row" role="group" aria-label={t.suggestions}>
        {QUICK.map((q) => (
          <button key={q} type="button" class="ll-chip" onClick={() => store.quickReply(q)}>
            {t.quick[q]}
          </button>
        ))}
      </div>
      <form
        class="ll-compose"
        onSubmit={(e) => {
          e.preventDefault();
          store.send(store.draft.value);
        }}
      >
        <label for="ll-message" class="ll-sr">
          {t.messageLabel}
        </label>
        <input
          id="ll-message"
          data-focus
          autocomplete="off"
          maxLength={1000}
          placeholder={t.messagePlaceholder}
          value={store.draft.value}
          onInput={(e) => (store.draft.value = e.currentTarget.value)}
        />
        <button type="submit" class="ll-primary">
          {t.send}
        </button>
      </form>
    </div>
  );
}
