// Random ids. crypto.randomUUID needs a secure context, which a property site on plain
// http is not; getRandomValues works everywhere.

export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One id per browser tab (sessionStorage), so chat leads and bookings can be tied together. */
export function sessionId(storage: Pick<Storage, "getItem" | "setItem"> | null = safeSessionStorage()): string {
  const existing = storage?.getItem("lumaleasing_session");
  if (existing) return existing;
  const id = uuid();
  try {
    storage?.setItem("lumaleasing_session", id);
  } catch {
    // storage full or blocked: a fresh id per page is still fine
  }
  return id;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
