// The one pasteable string a WordPress admin copies from the provisioning CLI:
// "llsk_" + base64url(JSON { v: 1, url, property, widgetKey, secret }).

export interface SiteKey {
  v: 1;
  url: string; // the functions base URL, e.g. https://<project>.supabase.co/functions/v1
  property: string;
  widgetKey: string;
  secret: string;
}

const PREFIX = "llsk_";

function toBase64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function encodeSiteKey(key: Omit<SiteKey, "v">): string {
  return PREFIX + toBase64url(JSON.stringify({ v: 1, ...key }));
}

export function decodeSiteKey(text: string): SiteKey | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PREFIX)) return null;
  try {
    const b64 = trimmed.slice(PREFIX.length).replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const key = JSON.parse(json);
    const ok = key?.v === 1 && [key.url, key.property, key.widgetKey, key.secret].every((v) => typeof v === "string" && v);
    return ok ? key as SiteKey : null;
  } catch {
    return null;
  }
}
