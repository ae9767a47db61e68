// Email rendering: one content model → HTML and plain text carrying the same facts.
// HTML follows what mail clients actually render: table layout, inline styles, a hidden
// preheader, one clear button. Every interpolated value is escaped.
import { BODY_TEXT, DEFAULT_BRAND_COLOR, linkColor, MUTED_TEXT, normalizeHexColor, PAGE_BACKGROUND, textColorOn } from "./email-colors.ts";
import { escapeHtml } from "./html.ts";
import type { Language } from "./language.ts";
import { type EmailContent, oneLine, type PropertyInfo } from "./message-input.ts";

export interface Fact {
  label: string;
  text: string;
  link?: { label: string; url: string };
}

export interface Action {
  label: string;
  url: string;
  hint?: string;
}

export interface EmailModel {
  /** The `<html lang>`. */
  lang: Language;
  /** Words before the button's link spelled out, e.g. "Or open this link:". */
  openLink: string;
  subject: string;
  preheader: string;
  heading: string;
  intro: string[];
  facts: Fact[];
  action: Action;
  outro: string[];
  footerNote?: string;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function renderEmail(property: PropertyInfo, model: EmailModel): EmailContent {
  const subject = oneLine(model.subject);
  return { subject, html: renderHtml(property, { ...model, subject }), text: renderText(property, model) };
}

function renderHtml(property: PropertyInfo, model: EmailModel): string {
  const brand = normalizeHexColor(property.brandColor) ?? DEFAULT_BRAND_COLOR;
  const onBrand = textColorOn(brand);
  const link = linkColor(brand);
  const e = escapeHtml;
  const a = (url: string, label: string) =>
    `<a href="${e(url)}" target="_blank" rel="noopener" style="color:${link};text-decoration:underline;">${
      e(label)
    }</a>`;

  const paragraphs = (lines: string[]) => lines.map((line) => `<p style="margin:0 0 16px;">${e(line)}</p>`).join("\n");

  const factRows = model.facts.map((fact) =>
    `<tr>
<td valign="top" width="32%" style="width:32%;padding:8px 12px 8px 0;font-weight:bold;color:${BODY_TEXT};">${
      e(fact.label)
    }</td>
<td valign="top" style="padding:8px 0;color:${BODY_TEXT};word-break:break-word;">${e(fact.text)}${
      fact.link ? `<br>${a(fact.link.url, fact.link.label)}` : ""
    }</td>
</tr>`
  ).join("\n");

  const button = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px;">
<tr><td align="center" bgcolor="${brand}" style="border-radius:6px;background-color:${brand};">
<a href="${
    e(model.action.url)
  }" target="_blank" rel="noopener" style="display:inline-block;padding:14px 28px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:bold;color:${onBrand};text-decoration:none;border-radius:6px;">${
    e(model.action.label)
  }</a>
</td></tr>
</table>
${
    model.action.hint
      ? `<p style="margin:0 0 8px;font-size:14px;line-height:20px;color:${MUTED_TEXT};">${e(model.action.hint)}</p>`
      : ""
  }
<p style="margin:0 0 16px;font-size:14px;line-height:20px;color:${MUTED_TEXT};word-break:break-all;">${e(model.openLink)} ${
    a(model.action.url, model.action.url)
  }</p>`;

  const footer = [
    `<strong>${e(oneLine(property.name))}</strong>`,
    e(oneLine(property.address)),
    [
      oneLine(property.phone)
        ? `<a href="tel:${e(oneLine(property.phone).replace(/[^\d+]/g, ""))}" style="color:${MUTED_TEXT};">${
          e(oneLine(property.phone))
        }</a>`
        : "",
      oneLine(property.email)
        ? `<a href="mailto:${e(oneLine(property.email))}" style="color:${MUTED_TEXT};">${
          e(oneLine(property.email))
        }</a>`
        : "",
    ].filter(Boolean).join(" &middot; "),
    ...(model.footerNote ? [e(model.footerNote)] : []),
  ].filter(Boolean).join("<br>");

  // Zero-width fillers keep clients from pulling body text into the preview after the preheader.
  const previewFiller = "&#847;&zwnj;&nbsp;".repeat(40);

  return `<!DOCTYPE html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${e(model.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE_BACKGROUND};">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${
    e(model.preheader)
  }${previewFiller}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE_BACKGROUND};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td bgcolor="${brand}" style="background-color:${brand};color:${onBrand};padding:20px 24px;font-family:${FONT};font-size:20px;line-height:26px;font-weight:bold;border-radius:8px 8px 0 0;">${
    e(oneLine(property.name))
  }</td></tr>
<tr><td style="padding:24px;font-family:${FONT};font-size:16px;line-height:24px;color:${BODY_TEXT};">
<h1 style="margin:0 0 16px;font-size:22px;line-height:28px;color:#111827;">${e(model.heading)}</h1>
${paragraphs(model.intro)}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 0;font-family:${FONT};font-size:16px;line-height:24px;border-top:1px solid #e5e7eb;">
${factRows}
</table>
${button}
${paragraphs(model.outro)}
</td></tr>
<tr><td style="padding:16px 24px 24px;font-family:${FONT};font-size:13px;line-height:20px;color:${MUTED_TEXT};border-top:1px solid #e5e7eb;">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText(property: PropertyInfo, model: EmailModel): string {
  const lines: string[] = [model.heading, ""];
  for (const p of model.intro) lines.push(p, "");
  for (const fact of model.facts) {
    lines.push(`${fact.label}: ${fact.text}`);
    if (fact.link) lines.push(`  ${fact.link.label}: ${fact.link.url}`);
  }
  lines.push("");
  lines.push(`${model.action.label}: ${model.action.url}`);
  if (model.action.hint) lines.push(model.action.hint);
  lines.push("");
  for (const p of model.outro) lines.push(p, "");
  lines.push("--", oneLine(property.name));
  if (oneLine(property.address)) lines.push(oneLine(property.address));
  const contact = [oneLine(property.phone), oneLine(property.email)].filter(Boolean).join(" | ");
  if (contact) lines.push(contact);
  if (model.footerNote) lines.push(model.footerNote);
  return lines.join("\n") + "\n";
}
