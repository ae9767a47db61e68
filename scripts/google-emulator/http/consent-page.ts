// The consent screen a person sees at /o/oauth2/v2/auth, and the error page for refused requests.
import type { EmulatorState } from "../core/state.ts";
import type { OAuthClient, PendingAuthorization } from "../core/types.ts";
import { escapeHtml as e } from "./respond.ts";

export const otherAccountValue = "__other__";

const scopeDescriptions: Record<string, string> = {
  "https://www.googleapis.com/auth/calendar":
    "See, edit, share, and permanently delete all the calendars you can access using Google Calendar",
  "https://www.googleapis.com/auth/calendar.readonly":
    "See and download any calendar you can access using your Google Calendar",
  "https://www.googleapis.com/auth/calendar.events": "View and edit events on all your calendars",
  "https://www.googleapis.com/auth/calendar.events.readonly": "View events on all your calendars",
  "https://www.googleapis.com/auth/calendar.freebusy": "View your availability in your calendars",
  "https://www.googleapis.com/auth/calendar.settings.readonly": "View your Calendar settings",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly":
    "See the list of Google calendars you're subscribed to",
  "https://www.googleapis.com/auth/userinfo.email": "See your primary Google Account email address",
  "https://www.googleapis.com/auth/userinfo.profile":
    "See your personal info, including any personal info you've made publicly available",
  openid: "Associate you with your personal info on Google",
};

const styles = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f1f3f4; color: #202124; line-height: 1.5; }
  main { max-width: 30rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px;
         border: 1px solid #dadce0; }
  @media (max-width: 480px) { main { margin: 0; border-radius: 0; border-width: 0 0 1px; padding: 1rem; } }
  h1 { font-size: 1.4rem; font-weight: 500; margin: 0 0 .5rem; }
  .note { font-size: .9rem; color: #3c4043; background: #e8f0fe; padding: .5rem .75rem; border-radius: 4px; }
  fieldset { border: 1px solid #dadce0; border-radius: 6px; margin: 1rem 0; padding: .5rem .75rem; }
  legend { font-weight: 600; padding: 0 .25rem; }
  .choice { display: flex; gap: .5rem; align-items: flex-start; padding: .4rem 0; }
  .choice input { margin-top: .3rem; width: 1.1rem; height: 1.1rem; }
  label { cursor: pointer; }
  .email { display: block; color: #5f6368; font-size: .9rem; word-break: break-all; }
  input[type=email] { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; margin-top: .25rem;
         border: 1px solid #80868b; border-radius: 4px; }
  ul { padding-left: 1.2rem; }
  .actions { display: flex; gap: .75rem; justify-content: flex-end; flex-wrap: wrap; margin-top: 1rem; }
  button { font: inherit; font-weight: 600; padding: .6rem 1.4rem; border-radius: 4px; cursor: pointer; min-height: 44px; }
  button.allow { background: #1a73e8; color: #fff; border: 1px solid #1a73e8; }
  button.deny { background: #fff; color: #1a73e8; border: 1px solid #1a73e8; }
  :focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
  .problem { color: #a50e0e; background: #fce8e6; padding: .5rem .75rem; border-radius: 4px; }
  code { word-break: break-all; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${styles}</style></head>
<body><main>${body}</main></body></html>`;
}

export function consentPage(
  state: EmulatorState,
  pending: PendingAuthorization,
  client: OAuthClient,
  problem?: string,
): string {
  const accounts = [...state.accounts.values()].filter((a) => !a.deleted);
  const hint = pending.loginHint?.toLowerCase();
  const preferred = accounts.find((a) => a.email === hint)?.email ??
    (hint ? undefined : (accounts.find((a) => a.email === "pm@example.com") ?? accounts[0])?.email);
  const choices = accounts.map((account, i) => `
    <div class="choice">
      <input type="radio" name="account" id="account-${i}" value="${e(account.email)}"${
    account.email === preferred ? " checked" : ""
  }>
      <label for="account-${i}">${e(account.name)}<span class="email">${e(account.email)}</span></label>
    </div>`).join("");
  const otherChecked = preferred === undefined;
  const otherValue = hint ?? (accounts.length ? "" : "pm@example.com");
  const scopes = pending.scopes.map((s) => `<li>${e(scopeDescriptions[s] ?? s)}</li>`).join("");
  return layout(
    `Sign in - Google Accounts`,
    `
    <h1>Choose an account</h1>
    <p>to continue to <strong>${e(client.name)}</strong></p>
    <p class="note">Local Google emulator: no real Google account is used.</p>
    ${problem ? `<p class="problem" role="alert">${e(problem)}</p>` : ""}
    <form method="post" action="/o/oauth2/v2/auth/decision">
      <input type="hidden" name="request" value="${e(pending.id)}">
      <fieldset>
        <legend>Account</legend>
        ${choices}
        <div class="choice">
          <input type="radio" name="account" id="account-other" value="${otherAccountValue}"${
      otherChecked ? " checked" : ""
    }>
          <label for="account-other">Use another account</label>
        </div>
        <label for="other-email">Email address of another account</label>
        <input type="email" id="other-email" name="other_email" autocomplete="email" value="${e(otherValue)}">
      </fieldset>
      <h2 style="font-size:1.05rem">${e(client.name)} wants to</h2>
      <ul>${scopes}</ul>
      <div class="actions">
        <button type="submit" class="deny" name="decision" value="deny">Deny</button>
        <button type="submit" class="allow" name="decision" value="allow">Allow</button>
      </div>
    </form>`,
  );
}

export function errorPage(error: string, description: string): string {
  return layout(
    `Error 400: ${error}`,
    `
    <h1>Access blocked: this request is invalid</h1>
    <p role="alert"><strong>Error ${e(error === "invalid_client" ? "401" : "400")}: <code>${
      e(error)
    }</code></strong></p>
    <p>${e(description)}</p>
    <p class="note">Local Google emulator.</p>`,
  );
}
