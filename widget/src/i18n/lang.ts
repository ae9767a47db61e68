// Language choice, shared by the loader (launcher label) and the widget.
export type Lang = "en" | "es";

/** Config `lang` wins; otherwise the page's <html lang>; anything not Spanish is English. */
export function resolveLang(configLang?: string | null, htmlLang?: string | null): Lang {
  const tag = (configLang || htmlLang || "en").toLowerCase();
  return tag.startsWith("es") ? "es" : "en";
}

/**
 * The locale used for dates and times: the visitor's own browser locale when it speaks the
 * widget's language (so en-GB sees 14:00 and en-US 2:00 PM), else the page's tag, else the language.
 */
export function formatLocale(lang: Lang, htmlLang?: string | null, browserLocales: readonly string[] = []): string {
  const fits = (tag?: string | null) => !!tag && tag.toLowerCase().split("-")[0] === lang;
  return browserLocales.find(fits) ?? (fits(htmlLang) ? (htmlLang as string) : lang);
}
