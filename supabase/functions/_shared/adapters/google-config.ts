// Where Google is and who we are to it. Only the base URLs come from configuration
// (the local emulator in development and tests); the paths are Google's own.
import type { Env } from "./env.ts";

export const GOOGLE_SCOPES = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "https://www.googleapis.com/auth/calendar.settings.readonly",
];

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl: string;
  /** The API origin with a trailing slash; Calendar v3 lives under `calendar/v3/`. */
  apiRootUrl: string;
}

export function googleConfig(env: Env = Deno.env): GoogleConfig {
  const clientId = env.get("GOOGLE_CLIENT_ID");
  const clientSecret = env.get("GOOGLE_CLIENT_SECRET");
  if (!clientId || !clientSecret) throw new Error("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set");
  const oauth = env.get("GOOGLE_OAUTH_URL")?.replace(/\/$/, "");
  const api = env.get("GOOGLE_API_URL")?.replace(/\/$/, "");
  return {
    clientId,
    clientSecret,
    authUrl: oauth ? `${oauth}/o/oauth2/v2/auth` : "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: oauth ? `${oauth}/token` : "https://oauth2.googleapis.com/token",
    revokeUrl: oauth ? `${oauth}/revoke` : "https://oauth2.googleapis.com/revoke",
    userinfoUrl: oauth ? `${oauth}/v1/userinfo` : "https://openidconnect.googleapis.com/v1/userinfo",
    apiRootUrl: `${api ?? "https://www.googleapis.com"}/`,
  };
}
