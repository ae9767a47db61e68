// Focus handling that works inside a shadow root, where document.activeElement is the host.

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([disabled]):not([tabindex="-1"]),select:not([disabled]),textarea:not([disabled]),[tabindex="0"]';

export const activeElementIn = (node: Node): Element | null =>
  (node.getRootNode() as Document | ShadowRoot).activeElement ?? null;

export const focusables = (container: Element): HTMLElement[] =>
  Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest("[aria-hidden=true]"));

/** Keeps Tab and Shift+Tab inside `container`. Returns true when it moved focus. */
export function trapTab(event: KeyboardEvent, container: Element): boolean {
  const items = focusables(container);
  if (!items.length) return false;
  const first = items[0];
  const last = items[items.length - 1];
  const active = activeElementIn(container);
  const outside = !active || !container.contains(active);
  if (event.shiftKey ? active === first || outside : active === last || outside) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
    return true;
  }
  return false;
}

/** Focus the current view's heading or first control (marked data-focus), or the container. */
export function focusView(container: Element | null) {
  const target = container?.querySelector<HTMLElement>("[data-focus]");
  (target ?? (container as HTMLElement | null))?.focus();
}
