// The catcher's pages: a list of caught messages (newest first, refreshing itself) and
// one page per message. Plain server-rendered HTML; the email itself is shown in a
// sandboxed iframe so its markup and scripts cannot touch this page.

import { escapeHtml as e, html, randomHex } from "./http.ts";
import type { CaughtEmail, CaughtMessage, CaughtSms } from "./store.ts";

const STYLE = `
:root { color-scheme: light; --text:#1a1a1a; --muted:#4a4a4a; --line:#d0d7de; --link:#0b57d0; --bg:#ffffff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color:var(--text); background:var(--bg); }
a { color:var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, iframe:focus-visible { outline:3px solid var(--link); outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; }
.skip:focus { left:.5rem; }
header, main { max-width:60rem; margin:0 auto; padding:1rem; }
header { border-bottom:1px solid var(--line); }
h1 { font-size:1.5rem; margin:.25rem 0; overflow-wrap:anywhere; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
p, li { margin:.5rem 0; overflow-wrap:anywhere; }
.muted { color:var(--muted); }
.toolbar { display:flex; flex-wrap:wrap; gap:.75rem 1.25rem; align-items:center; margin:.5rem 0 1rem; }
.toolbar nav ul { display:flex; gap:.75rem; list-style:none; margin:0; padding:0; }
.toolbar [aria-current="page"] { font-weight:bold; color:var(--text); }
button { font:inherit; padding:.35rem .8rem; border:1px solid #8c959f; border-radius:6px; background:var(--soft); color:var(--text); cursor:pointer; }
.messages { list-style:none; margin:0; padding:0; border-top:1px solid var(--line); }
.messages li { border-bottom:1px solid var(--line); }
.messages a { display:block; padding:.75rem .25rem; text-decoration:none; color:var(--text); }
.messages a:hover .subject { text-decoration:underline; }
.line { display:flex; flex-wrap:wrap; gap:.25rem .75rem; align-items:baseline; }
.to { font-weight:600; overflow-wrap:anywhere; }
.subject { display:block; color:var(--link); overflow-wrap:anywhere; }
.kind { font-size:.8rem; font-weight:700; padding:0 .4rem; border-radius:4px; }
.kind-email { background:#ddebff; color:#0a3069; }
.kind-sms { background:#dafbe1; color:#0f4a1f; }
time { color:var(--muted); font-size:.9rem; }
dl.meta { display:grid; grid-template-columns:minmax(6rem,max-content) 1fr; gap:.25rem 1rem; margin:0; }
dl.meta dt { font-weight:600; }
dl.meta dd { margin:0; overflow-wrap:anywhere; }
@media (max-width: 30rem) { dl.meta { grid-template-columns:1fr; } dl.meta dd { margin-bottom:.5rem; } }
iframe { width:100%; height:36rem; border:1px solid var(--line); border-radius:6px; background:#fff; }
pre { white-space:pre-wrap; overflow-wrap:anywhere; background:var(--soft); border:1px solid var(--line); border-radius:6px; padding:.75rem; font-size:.9rem; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; vertical-align:top; padding:.35rem .5rem; border-bottom:1px solid var(--line); overflow-wrap:anywhere; }
.sms-body { font-size:1.1rem; }
`;

const LIST_SCRIPT = `
(() => {
  const auto = document.getElementById("auto");
  const status = document.getElementById("status");
  const region = document.getElementById("messages");
  const clear = document.getElementById("clear");
  const key = "catcher-auto-refresh";
  auto.checked = localStorage.getItem(key) !== "off";
  auto.addEventListener("change", () => localStorage.setItem(key, auto.checked ? "on" : "off"));
  let count = Number(region.dataset.count);
  async function refresh() {
    if (!auto.checked || document.hidden) return;
    try {
      const res = await fetch(location.href, { headers: { accept: "text/html" } });
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const next = doc.getElementById("messages");
      if (!next || next.innerHTML === region.innerHTML) return;
      const nextCount = Number(next.dataset.count);
      region.innerHTML = next.innerHTML;
      region.dataset.count = String(nextCount);
      if (nextCount > count) {
        const added = nextCount - count;
        status.textContent = added + (added === 1 ? " new message" : " new messages");
      }
      count = nextCount;
    } catch { /* the catcher may be restarting; try again next tick */ }
  }
  setInterval(refresh, 3000);
  clear.addEventListener("click", async () => {
    if (!confirm("Delete every caught message?")) return;
    await fetch("/api/messages", { method: "DELETE" });
    location.reload();
  });
})();
`;

function page(title: string, body: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${body}
</body>
</html>
`;
}

function when(iso: string): string {
  const text = iso.replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
  return `<time datetime="${e(iso)}">${e(text)}</time>`;
}

function listItem(message: CaughtMessage): string {
  const href = `/messages/${encodeURIComponent(message.id)}`;
  if (message.kind === "email") {
    return `<li><a href="${href}">
<span class="line"><span class="kind kind-email">Email</span><span class="to">${e(message.to.join(", "))}</span>${
      when(message.receivedAt)
    }</span>
<span class="subject">${e(message.subject)}</span></a></li>`;
  }
  return `<li><a href="${href}">
<span class="line"><span class="kind kind-sms">SMS</span><span class="to">${e(message.to)}</span>${
    when(message.receivedAt)
  }</span>
<span class="subject">${e(message.body)}</span></a></li>`;
}

export function listPage(messages: CaughtMessage[], kind: "email" | "sms" | undefined): Response {
  const nonce = randomHex(16);
  const filters = [
    { label: "All", href: "/", active: !kind },
    { label: "Email", href: "/?kind=email", active: kind === "email" },
    { label: "SMS", href: "/?kind=sms", active: kind === "sms" },
  ].map((f) => `<li><a href="${f.href}"${f.active ? ' aria-current="page"' : ""}>${f.label}</a></li>`).join("");
  const heading = `${messages.length} ${messages.length === 1 ? "message" : "messages"}`;
  const list = messages.length
    ? `<ul class="messages">${messages.map(listItem).join("\n")}</ul>`
    : `<p class="muted">Nothing caught yet. Messages appear here as the stack sends them.</p>`;
  const body = `<header>
<h1>Mail and SMS catcher</h1>
<p class="muted">Email and text messages sent by the local stack. Nothing shown here left this machine.</p>
</header>
<main id="main">
<div class="toolbar">
<nav aria-label="Filter messages"><ul>${filters}</ul></nav>
<label><input type="checkbox" id="auto" checked> Refresh automatically</label>
<button type="button" id="clear">Delete all</button>
</div>
<p id="status" role="status" class="muted"></p>
<section id="messages" aria-labelledby="list-heading" data-count="${messages.length}">
<h2 id="list-heading">${heading}</h2>
${list}
</section>
</main>
<script nonce="${nonce}">${LIST_SCRIPT}</script>`;
  return html(200, page("Mail and SMS catcher", body, nonce), {
    "content-security-policy":
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    "cache-control": "no-store",
  });
}

function meta(rows: [string, string | null | undefined][]): string {
  return `<dl class="meta">${
    rows.filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join("")
  }</dl>`;
}

function linksIn(htmlText: string): string[] {
  const found = new Set<string>();
  for (const match of htmlText.matchAll(/href\s*=\s*"([^"]*)"/gi)) {
    found.add(match[1].replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'"));
  }
  return [...found];
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function emailDetail(message: CaughtEmail): string {
  const base = `/messages/${encodeURIComponent(message.id)}`;
  const links = message.html ? linksIn(message.html) : [];
  const attachments = message.attachments.length
    ? `<ul>${
      message.attachments.map((a, i) =>
        `<li><a href="${base}/attachments/${i}" download="${e(a.filename)}">${e(a.filename)}</a> <span class="muted">(${
          e(a.contentType)
        }, ${formatSize(a.size)})</span></li>`
      ).join("")
    }</ul>`
    : `<p class="muted">No attachments.</p>`;
  const headerRows = Object.entries(message.headers);
  return `<header>
<p><a href="/">All messages</a></p>
<h1>${e(message.subject)}</h1>
</header>
<main id="main">
${
    meta([
      ["From", e(message.from)],
      ["To", e(message.to.join(", "))],
      ["Cc", e(message.cc.join(", "))],
      ["Bcc", e(message.bcc.join(", "))],
      ["Reply-To", e(message.replyTo.join(", "))],
      ["Received", when(message.receivedAt)],
      ["Id", `<code>${e(message.id)}</code>`],
      ["Idempotency key", message.idempotencyKey ? `<code>${e(message.idempotencyKey)}</code>` : null],
      ["Tags", e(message.tags.map((t) => `${t.name}=${t.value}`).join(", "))],
      ["JSON", `<a href="/api/messages/${encodeURIComponent(message.id)}">as JSON</a>`],
    ])
  }
<section aria-labelledby="h-attachments"><h2 id="h-attachments">Attachments</h2>${attachments}</section>
<section aria-labelledby="h-html"><h2 id="h-html">HTML preview</h2>
${
    message.html
      ? `<p><a href="${base}/html" target="_blank" rel="noopener">Open the HTML in a new tab</a></p>
<iframe title="HTML part of the email" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${
        e(message.html)
      }"></iframe>`
      : `<p class="muted">This email has no HTML part.</p>`
  }
</section>
<section aria-labelledby="h-text"><h2 id="h-text">Plain text</h2>
${message.text !== null ? `<pre>${e(message.text)}</pre>` : `<p class="muted">This email has no plain-text part.</p>`}
</section>
<section aria-labelledby="h-links"><h2 id="h-links">Links in the HTML</h2>
${
    links.length
      ? `<ul>${links.map((l) => `<li><a href="${e(l)}" rel="noopener">${e(l)}</a></li>`).join("")}</ul>`
      : `<p class="muted">No links.</p>`
  }
</section>
<section aria-labelledby="h-headers"><h2 id="h-headers">Headers</h2>
${
    headerRows.length
      ? `<table><caption class="muted">Extra headers sent with the email</caption><thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>${
        headerRows.map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join("")
      }</tbody></table>`
      : `<p class="muted">No extra headers.</p>`
  }
</section>
</main>`;
}

function smsDetail(message: CaughtSms): string {
  return `<header>
<p><a href="/">All messages</a></p>
<h1>SMS to ${e(message.to)}</h1>
</header>
<main id="main">
<h2>Message</h2>
<pre class="sms-body">${e(message.body)}</pre>
${
    meta([
      ["To", e(message.to)],
      ["From", e(message.from ?? "")],
      ["Messaging service", e(message.messagingServiceSid ?? "")],
      ["Received", when(message.receivedAt)],
      ["Length", `${[...message.body].length} characters`],
      ["Encoding", e(message.encoding)],
      ["Segments", String(message.numSegments)],
      ["Account", `<code>${e(message.accountSid)}</code>`],
      ["Sid", `<code>${e(message.id)}</code>`],
      ["JSON", `<a href="/api/messages/${encodeURIComponent(message.id)}">as JSON</a>`],
    ])
  }
</main>`;
}

export function detailPage(message: CaughtMessage): Response {
  const nonce = randomHex(16);
  const title = message.kind === "email" ? message.subject : `SMS to ${message.to}`;
  const body = message.kind === "email" ? emailDetail(message) : smsDetail(message);
  return html(200, page(`${title} | Mail and SMS catcher`, body, nonce), {
    // The iframe's srcdoc inherits this policy: emails keep inline styles (no nonce here,
    // since a nonce would switch 'unsafe-inline' off) and remote images, but never run
    // script (the sandbox forbids it as well).
    "content-security-policy":
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https: http:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "cache-control": "no-store",
  });
}

/** The raw HTML part, for viewing at full width; sandboxed by header. */
export function rawHtmlResponse(message: CaughtEmail): Response {
  return html(200, message.html ?? "", {
    "content-security-policy":
      "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:",
    "cache-control": "no-store",
  });
}

export function notFoundPage(what: string): Response {
  const nonce = randomHex(16);
  const body = `<main id="main"><h1>Not found</h1><p>${e(what)}</p><p><a href="/">All messages</a></p></main>`;
  return html(404, page("Not found | Mail and SMS catcher", body, nonce), {
    "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'`,
  });
}
