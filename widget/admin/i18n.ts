// Strings go through WordPress' wp.i18n when the page has it (the plugin loads it and the
// translations), so the settings app speaks the admin's language; English otherwise.

interface WpI18n {
  __(text: string, domain: string): string;
  _n?(single: string, plural: string, count: number, domain: string): string;
}

function wpI18n(): WpI18n | undefined {
  const wp = (globalThis as { wp?: { i18n?: WpI18n } }).wp;
  return wp?.i18n && typeof wp.i18n.__ === "function" ? wp.i18n : undefined;
}

/** Translates a string of the lumaleasing text domain. */
export function t(text: string): string {
  return wpI18n()?.__(text, "lumaleasing") ?? text;
}

/** Translates, then fills %s / %d / %1$s placeholders in order. */
export function tf(text: string, ...values: (string | number)[]): string {
  let next = 0;
  return t(text).replace(/%(?:(\d+)\$)?[sd]/g, (_match, position?: string) => {
    const index = position ? Number(position) - 1 : next++;
    return String(values[index] ?? "");
  });
}

/** Singular or plural by count (the language's own rules through wp.i18n), with %d filled. */
export function tn(single: string, plural: string, count: number): string {
  const i18n = wpI18n();
  const text = i18n?._n ? i18n._n(single, plural, count, "lumaleasing") : count === 1 ? single : plural;
  return text.replace(/%d/g, String(count));
}
