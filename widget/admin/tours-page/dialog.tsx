/** @jsxImportSource preact */
// A modal dialog: labelled by its heading, focus moves in and stays in, Escape closes,
// and focus goes back to what opened it.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n.ts";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Dialog({ id, title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    headingRef.current?.focus();
    // Escape closes wherever focus is (also after the focused control went away).
    const onEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) {
        event.preventDefault();
        close.current();
      }
    };
    document.addEventListener("keydown", onEscape);
    return () => {
      document.removeEventListener("keydown", onEscape);
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Tab" || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === headingRef.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div class="ll-modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} class="ll-modal" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} id={id} onKeyDown={onKeyDown}>
        <div class="ll-modal-head">
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>{title}</h2>
          <button type="button" class="button-link ll-modal-close" onClick={onClose}>
            <span class="dashicons dashicons-no-alt" aria-hidden="true"></span>
            <span class="screen-reader-text">{t("Close")}</span>
          </button>
        </div>
        <div class="ll-modal-body">{children}</div>
      </div>
    </div>
  );
}

/** A WordPress admin notice: success/info as a status, errors as an alert. */
export function Notice({ kind, message, onDismiss }: { kind: "success" | "error" | "warning" | "info"; message: string; onDismiss?: () => void }) {
  return (
    <div class={`notice notice-${kind} ll-notice`} role={kind === "error" ? "alert" : "status"}>
      <p>{message}</p>
      {onDismiss && (
        <button type="button" class="notice-dismiss" onClick={onDismiss}>
          <span class="screen-reader-text">{t("Dismiss this notice.")}</span>
        </button>
      )}
    </div>
  );
}

/** A field's error, tied to its input with aria-describedby. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return <p id={id} class="ll-field-error">{message}</p>;
}
