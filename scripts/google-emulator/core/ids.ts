// Identifiers and encodings. Google's token shapes are imitated loosely so logs look familiar.

const base32hexAlphabet = "0123456789abcdefghijklmnopqrstuv";
const urlSafeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function randomFrom(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Event ids as Google makes them: base32hex, 26 characters. */
export const newEventId = () => randomFrom(base32hexAlphabet, 26);

/** Client-supplied event ids: characters a-v and 0-9, length 5–1024. */
export const isValidEventId = (id: string) => /^[a-v0-9]{5,1024}$/.test(id);

export const newAccessToken = () => `ya29.emu-${randomFrom(urlSafeAlphabet, 64)}`;
export const newRefreshToken = () => `1//emu-${randomFrom(urlSafeAlphabet, 56)}`;
export const newAuthCode = () => `4/emu-${randomFrom(urlSafeAlphabet, 48)}`;
export const newOpaqueId = (length = 24) => randomFrom(urlSafeAlphabet, length);

/** A 21-digit numeric subject id, stable for an email (so reseeding keeps `sub`). */
export function subjectFor(email: string): string {
  // FNV-1a, stepped to yield digits; stability matters here, not secrecy.
  let hash = 0x811c9dc5;
  let digits = "1";
  const text = email.toLowerCase();
  for (let round = 0; digits.length < 21; round++) {
    for (const ch of text + round) {
      hash ^= ch.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    digits += String(hash % 10000).padStart(4, "0");
  }
  return digits.slice(0, 21);
}

export function base64UrlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64UrlDecode(text: string): string {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return base64UrlEncode(new Uint8Array(digest));
}
