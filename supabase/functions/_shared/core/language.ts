// The languages prospects are written to in. A booking or lead keeps the language the
// prospect used; without one, the property's default language applies.

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language to write in: the one stated, else the property's default, else English. */
export function languageOf(stated: string | null | undefined, propertyDefault?: string | null): Language {
  if (isLanguage(stated)) return stated;
  if (isLanguage(propertyDefault)) return propertyDefault;
  return DEFAULT_LANGUAGE;
}
