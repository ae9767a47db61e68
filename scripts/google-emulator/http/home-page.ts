// GET / — each account's calendar by day in the account's zone, refreshing itself so a demo shows tours landing.
import { type EmulatorState, nowMs } from "../core/state.ts";
import { addDays, dayInZone } from "../core/time.ts";
import type { Account, StoredEvent } from "../core/types.ts";
import { escapeHtml as e } from "./respond.ts";

const daysShown = 14;

function timeLabel(ms: number, zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(ms);
}

function dayLabel(day: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" })
    .format(new Date(`${day}T12:00:00Z`));
}

function eventItem(event: StoredEvent, zone: string): string {
  const r = event.resource;
  const allDay = Boolean(r.start.date);
  const when = allDay ? "All day" : `${timeLabel(event.startMs, zone)} – ${timeLabel(event.endMs, zone)}`;
  const badges = [
    event.deleted ? `<span class="badge gone">deleted</span>` : "",
    !event.deleted && r.status !== "confirmed" ? `<span class="badge ${r.status}">${e(r.status)}</span>` : "",
    r.transparency === "transparent" ? `<span class="badge free">free</span>` : "",
  ].join("");
  const attendees = (r.attendees ?? []).map((a) =>
    `<li>${e(a.displayName ? `${a.displayName} <${a.email}>` : a.email)} — ${e(a.responseStatus)}</li>`
  ).join("");
  const struck = event.deleted || r.status === "cancelled";
  return `<li class="event${struck ? " struck" : ""}" id="event-${e(r.id)}">
    <p class="when">${e(when)}</p>
    <p class="what">${e(r.summary ?? "(No title)")} ${badges}</p>
    ${r.location ? `<p class="where">${e(r.location)}</p>` : ""}
    ${
    attendees
      ? `<details><summary>${r.attendees!.length} attendee${
        r.attendees!.length === 1 ? "" : "s"
      }</summary><ul>${attendees}</ul></details>`
      : ""
  }
  </li>`;
}

function accountSection(state: EmulatorState, account: Account): string {
  const calendar = state.calendars.get(account.email);
  const zone = account.timeZone;
  const today = dayInZone(nowMs(state), zone);
  const byDay = new Map<string, StoredEvent[]>();
  for (const event of calendar?.events.values() ?? []) {
    const day = event.resource.start.date ?? dayInZone(event.startMs, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  const days = Array.from({ length: daysShown }, (_, i) => addDays(today, i - 1)).map((day) => {
    const events = (byDay.get(day) ?? []).sort((a, b) => a.startMs - b.startMs);
    const list = events.length
      ? `<ol class="events">${events.map((ev) => eventItem(ev, zone)).join("")}</ol>`
      : `<p class="empty">No events</p>`;
    // Plain blocks, not landmarks: day names repeat across accounts.
    return `<div class="day${day === today ? " today" : ""}">
      <h3>${e(dayLabel(day))}${day === today ? " (today)" : ""}</h3>${list}</div>`;
  }).join("");
  return `<section class="account" aria-labelledby="a-${e(account.sub)}">
    <h2 id="a-${e(account.sub)}">${e(account.name)} <span class="sub">${e(account.email)} · ${e(zone)}</span></h2>
    ${days}</section>`;
}

export function calendarsFragment(state: EmulatorState): string {
  const accounts = [...state.accounts.values()].filter((a) => !a.deleted);
  if (!accounts.length) {
    return `<p>No accounts yet. Seed the demo with <code>POST /__control/seed-demo</code>.</p>`;
  }
  return accounts.map((account) => accountSection(state, account)).join("");
}

const styles = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; line-height: 1.45; }
  body { margin: 0; background: #f8f9fa; }
  header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
  header { padding-top: 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  .meta { color: #3c4043; margin: 0 0 .5rem; word-break: break-word; }
  .controls { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
  button { font: inherit; padding: .45rem 1rem; border: 1px solid #1a73e8; color: #1a73e8; background: #fff;
           border-radius: 4px; min-height: 44px; cursor: pointer; }
  :focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
  #calendars { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 1rem; }
  .account { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: .75rem; min-width: 0; }
  .account h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
  .sub { display: block; font-size: .85rem; font-weight: normal; color: #3c4043; word-break: break-all; }
  .day h3 { font-size: 1rem; margin: .75rem 0 .25rem; border-bottom: 1px solid #e8eaed; }
  .today h3 { color: #174ea6; }
  ol.events { list-style: none; margin: 0; padding: 0; }
  .event { padding: .35rem .5rem; margin: .25rem 0; border-left: 4px solid #1a73e8; background: #e8f0fe; border-radius: 4px; }
  .event p { margin: 0; overflow-wrap: anywhere; }
  .when { font-size: .85rem; color: #3c4043; }
  .what { font-weight: 600; }
  .where { font-size: .85rem; }
  .struck .what { text-decoration: line-through; }
  .struck { border-left-color: #80868b; background: #f1f3f4; }
  .badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .4rem; border-radius: 999px;
           border: 1px solid currentColor; margin-left: .25rem; text-decoration: none; }
  .tentative { color: #8a4a00; } .cancelled, .gone { color: #a50e0e; } .free { color: #137333; }
  .empty { color: #5f6368; font-size: .9rem; margin: .25rem 0; }
  details { font-size: .85rem; } details ul { margin: .25rem 0; padding-left: 1.2rem; }
  footer { max-width: 72rem; margin: 1rem auto; padding: 0 1rem 2rem; font-size: .85rem; color: #3c4043; }
`;

const script = `
  const region = document.getElementById("calendars");
  const status = document.getElementById("refresh-status");
  const toggle = document.getElementById("refresh-toggle");
  const clock = document.getElementById("now");
  let paused = false;
  toggle.addEventListener("click", () => {
    paused = !paused;
    toggle.setAttribute("aria-pressed", String(paused));
    toggle.textContent = paused ? "Resume auto-refresh" : "Pause auto-refresh";
  });
  async function refresh() {
    if (paused) return;
    try {
      const response = await fetch("/?fragment=1", { cache: "no-store" });
      const data = await response.json();
      clock.textContent = data.now;
      if (data.version !== region.dataset.version) {
        region.dataset.version = data.version;
        region.innerHTML = data.html;
        status.textContent = "Calendars updated at " + new Date().toLocaleTimeString();
      }
    } catch { status.textContent = "Emulator not reachable; retrying."; }
  }
  setInterval(refresh, 3000);
`;

export function homePage(state: EmulatorState): string {
  const fragment = calendarsFragment(state);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Google emulator — calendars</title><style>${styles}</style></head>
<body>
<header>
  <h1>Google emulator</h1>
  <p class="meta">Emulator time: <time id="now">${e(new Date(nowMs(state)).toISOString())}</time> · API at ${
    e(state.publicUrl)
  }</p>
  <div class="controls">
    <button type="button" id="refresh-toggle" aria-pressed="false">Pause auto-refresh</button>
    <p role="status" id="refresh-status" class="meta"></p>
  </div>
</header>
<main><div id="calendars" data-version="${e(contentVersion(state))}">${fragment}</div></main>
<footer>Events are shown by day in each account's time zone. Control API: <a href="/__control">/__control</a>.</footer>
<script>${script}</script>
</body></html>`;
}

/** Changes whenever what the page shows could change: an event, an account, or the hour (days roll over). */
function contentVersion(state: EmulatorState): string {
  const accounts = [...state.accounts.values()].map((a) => `${a.email}:${a.deleted}:${a.timeZone}`).join(",");
  return `${state.epoch}.${state.changeSeq}.${Math.floor(nowMs(state) / 3_600_000)}.${accounts}`;
}

export function homeFragment(state: EmulatorState) {
  return { now: new Date(nowMs(state)).toISOString(), version: contentVersion(state), html: calendarsFragment(state) };
}
