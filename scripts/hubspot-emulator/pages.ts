// The emulator's home page: each portal's contacts and meetings, newest first.
import { escapeHtml } from "../../supabase/functions/_shared/core/html.ts";
import type { CrmObject, CrmStore } from "./store.ts";

const e = (v: unknown) => escapeHtml(String(v ?? ""));

function contactRows(list: CrmObject[]) {
  return list.map((c) =>
    `<tr><td>${e(c.id)}</td><td>${e(c.properties.email)}</td><td>${e(c.properties.firstname)} ${e(c.properties.lastname)}</td>` +
    `<td>${e(c.properties.phone)}</td><td>${e(c.properties.hs_lead_status)}</td><td>${e(c.updatedAt)}</td></tr>`
  ).join("");
}

function meetingRows(list: CrmObject[]) {
  return list.map((m) =>
    `<tr><td>${e(m.id)}</td><td>${e(m.properties.hs_meeting_title)}</td><td>${e(m.properties.hs_meeting_start_time)}</td>` +
    `<td>${e(m.properties.hs_meeting_outcome)}</td><td>${e(m.associations.map((a) => a.toId).join(", "))}</td>` +
    `<td>${e(m.properties.hs_meeting_location)}</td><td><small>${e(m.properties.hs_internal_meeting_notes)}</small></td></tr>`
  ).join("");
}

export function homePage(store: CrmStore): Response {
  const newest = (a: CrmObject, b: CrmObject) => b.updatedAt.localeCompare(a.updatedAt);
  const sections = [...store.portals.values()].map((p) => `
    <section><h2>Portal ${e(p.portalId)}</h2>
    <h3>Contacts (${p.contacts.size})</h3>
    <table><thead><tr><th>id</th><th>email</th><th>name</th><th>phone</th><th>lead status</th><th>updated</th></tr></thead>
    <tbody>${contactRows([...p.contacts.values()].sort(newest)) || '<tr><td colspan="6">none yet</td></tr>'}</tbody></table>
    <h3>Meetings (${p.meetings.size})</h3>
    <table><thead><tr><th>id</th><th>title</th><th>start</th><th>outcome</th><th>contacts</th><th>location</th><th>notes</th></tr></thead>
    <tbody>${meetingRows([...p.meetings.values()].sort(newest)) || '<tr><td colspan="7">none yet</td></tr>'}</tbody></table>
    </section>`).join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>HubSpot emulator</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}h2{color:#ff7a59}</style></head>
<body><h1>HubSpot emulator</h1><p>CRM v3 contacts and meetings per portal. Control API at <code>/__control/…</code>.</p>${sections}</body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
