// What every message template takes and checks: the property, the error for input no
// message can be made from, and the clean-up of free text and links.

export interface PropertyInfo {
  name: string;
  /** "#rrggbb" or "#rgb"; anything else falls back to DEFAULT_BRAND_COLOR. */
  brandColor: string;
  /** IANA zone, e.g. "America/Chicago". */
  timeZone: string;
  /** May be empty: then no address line and no map link. */
  address: string;
  phone: string;
  email: string;
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export type MessageInputErrorCode =
  | "invalid_url"
  | "invalid_time_zone"
  | "invalid_date"
  | "sms_too_long";

export class MessageInputError extends Error {
  override readonly name = "MessageInputError";
  constructor(readonly code: MessageInputErrorCode, message: string) {
    super(message);
  }
}

/** Collapses whitespace and control characters, so free text cannot break a line or a header. */
export function oneLine(text: string | undefined | null): string {
  // deno-lint-ignore no-control-regex
  return (text ?? "").replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, " ").trim();
}

export function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MessageInputError("invalid_url", `not a URL: ${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new MessageInputError("invalid_url", `links must be http(s): ${url}`);
  }
  return parsed.href;
}

export function googleMapsUrl(address: string): string {
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(address)}`;
}
