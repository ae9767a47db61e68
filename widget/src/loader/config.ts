// Page-side configuration, read by the loader and handed to the widget.
import type { WidgetPosition } from "../api/types.ts";

export interface PageConfig {
  /** Base URL of the functions, e.g. http://127.0.0.1:54321/functions/v1 */
  backend: string;
  widgetKey: string;
  color?: string;
  greeting?: string;
  position?: WidgetPosition;
  lang?: string;
}

type Source = Partial<Record<keyof PageConfig, unknown>> | null | undefined;

const KEYS: (keyof PageConfig)[] = ["backend", "widgetKey", "color", "greeting", "position", "lang"];

/**
 * Script data attributes (`data-backend`, `data-widget-key`, `data-color`, `data-greeting`,
 * `data-position`, `data-lang`) win over `window.LumaLeasingConfig`, which the WordPress
 * plugin writes before the script. Returns null without a backend and a widget key.
 */
export function readConfig(dataset: Source, global: Source): PageConfig | null {
  const config: Record<string, string> = {};
  for (const key of KEYS) {
    const value = dataset?.[key] ?? global?.[key];
    if (typeof value === "string" && value.trim()) config[key] = value.trim();
  }
  if (config.position !== "bottom-left") config.position = "bottom-right";
  return config.backend && config.widgetKey ? (config as unknown as PageConfig) : null;
}
