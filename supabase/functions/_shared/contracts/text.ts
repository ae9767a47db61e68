// What every text field of every request must be: Postgres text cannot hold U+0000,
// so a NUL anywhere is refused at the door (422 with the field named), never at the database.
import { z } from "zod";

export const NUL_MESSAGE = "Remove the invisible control character (U+0000) from this field.";

export function hasNoNul(value: string): boolean {
  return !value.includes("\u0000");
}

/** A string that Postgres can store: the one refinement every text field starts from. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(hasNoNul, NUL_MESSAGE);
}

/**
 * A calendar date "YYYY-MM-DD" that exists ("2026-02-30" does not), in years 1000–9999:
 * the slot engine and Postgres both refuse years before 100, and no tour or move-in
 * happens before 1000.
 */
export const isoDate = z.string().regex(/^[1-9]\d{3}-\d{2}-\d{2}$/, "Use a date like 2026-12-01.").refine(
  (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  "Enter a real date.",
);

/** An http(s) URL; anything else (not a URL at all, javascript:, data:) is refused, never thrown. */
export function httpUrl(message: string) {
  return text().refine((u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  }, message);
}
