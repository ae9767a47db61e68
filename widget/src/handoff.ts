// What the loader leaves on `window.lumaleasing` for the widget: the queue stub plus the
// page config, the launcher button and the inline container.
import type { PageConfig } from "./loader/config.ts";

export type Command = ArrayLike<unknown>;

export interface LumaLeasingGlobal {
  (...args: unknown[]): void;
  /** Commands called before the widget loaded, e.g. ["open", "calendar"]. */
  q?: Command[];
  /** Page config read by the loader (absent when the page only installed the stub). */
  c?: PageConfig | null;
  /** The launcher button, in the loader's shadow root. */
  b?: HTMLButtonElement;
  /** The `[data-lumaleasing-inline]` container, when the page has one. */
  i?: Element | null;
  /** Removes the widget this one replaces (the other language's bundle, for a manage link). */
  d?: () => void;
}

declare global {
  interface Window {
    lumaleasing?: LumaLeasingGlobal;
    LumaLeasingConfig?: Partial<PageConfig>;
  }
}

/** The full widget, one file per language, beside the loader. */
export const widgetFile = (lang: "en" | "es"): string => (lang === "es" ? "lumaleasing-widget-es.js" : "lumaleasing-widget.js");
export const MANAGE_PARAM = "lumaleasing_manage";
export const INLINE_SELECTOR = "[data-lumaleasing-inline]";
/**
 * The inline widget's first render is this tall at every width (styles.css .ll-inline
 * min-height; the plugin's inline markup holds the same): its container keeps the space
 * while the widget loads, so the page below does not move when it appears.
 */
export const INLINE_MIN_HEIGHT = 480;
