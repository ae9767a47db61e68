// Random ids. crypto.randomUUID needs a secure context, which a property site on plain
// http is not; getRandomValues works everywhere.

export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  let i = 0;
  // Two hex digits per byte, grouped 4-2-2-2-6 bytes: 8-4-4-4-12 digits.
  return "xxxx-xx-xx-xx-xxxxxx".replace(/x/g, () => b[i++].toString(16).padStart(2, "0"));
}

/** One id per browser tab (sessionStorage), so chat leads and bookings can be tied together. */
export function sessionId(): string {
  const key = "lumaleasing_session";
  const id = uuid();
  try {
    const storage = window.sessionStorage;
    const existing = storage.getItem(key);
    if (existing) return existing;
    storage.setItem(key, id);
  } catch {
    // storage blocked or full: a fresh id per page is still fine
  }
  return id;
}
