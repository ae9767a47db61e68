// The prospect's "reschedule or cancel" link. The token is derived from the booking id
// with a function secret (HMAC-SHA-256), so any later email — a reminder sent days after
// booking — can carry the same link while only its hash is stored (manage_token_hash).
// Deterministic: same booking and secret, same token.

export const MANAGE_PARAM = "lumaleasing_manage";
const PREFIX = "llm_";
const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The manage token of a booking: "llm_" + base64url(HMAC(secret, "manage:" + bookingId)). */
export async function manageToken(bookingId: string, secret: string): Promise<string> {
  if (!secret) throw new Error("manageToken needs a secret");
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`manage:${bookingId.toLowerCase()}`)));
  return PREFIX + base64url(mac);
}

/**
 * The page with the widget, with the token in the query (the widget opens "manage" from
 * it); without a page (a property whose site has not said where it is yet), the function's
 * own small manage page.
 */
export function manageUrl(pageUrl: string | null, token: string, functionsUrl: string): string {
  if (!pageUrl) return `${functionsUrl}/lumaleasing/tours/manage-page?token=${encodeURIComponent(token)}`;
  const url = new URL(pageUrl);
  url.searchParams.set(MANAGE_PARAM, token);
  return url.toString();
}
