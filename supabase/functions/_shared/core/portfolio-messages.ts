// The re-connect email an organization's operations team sends from the Portfolio page: one
// email per manager of a property, listing that property's calendars to re-connect, each
// with a link to the property's WordPress settings page that starts Google's consent for
// that account.
import { type Fact, renderEmail } from "./email-render.ts";
import { formatFull } from "./message-dates.ts";
import { checkedUrl, type EmailContent, oneLine, type PropertyInfo } from "./message-input.ts";

export interface PortfolioReconnectInput {
  property: PropertyInfo;
  calendars: Array<{ accountEmail: string; status: string; link: string }>;
  requestedBy: { name: string; email: string };
  requestedAt: Date;
}

const STATUS_LABELS: Record<string, string> = {
  healthy: "Working",
  expiring: "Expiring soon",
  expired: "Expired",
  revoked: "Access revoked",
};

export function portfolioReconnectEmail(input: PortfolioReconnectInput): EmailContent {
  const name = oneLine(input.property.name);
  const count = input.calendars.length;
  const by = oneLine(input.requestedBy.name);
  const facts: Fact[] = input.calendars.map((c) => ({
    label: oneLine(c.accountEmail),
    text: STATUS_LABELS[c.status] ?? oneLine(c.status),
    link: { label: `Re-connect ${oneLine(c.accountEmail)}`, url: checkedUrl(c.link) },
  }));
  facts.push({ label: "Asked by", text: `${by} (${oneLine(input.requestedBy.email)}), ${formatFull(input.requestedAt, input.property.timeZone)}` });
  return renderEmail(input.property, {
    lang: "en",
    openLink: "Or open this link:",
    subject: count === 1
      ? `Please re-connect Google Calendar ${oneLine(input.calendars[0].accountEmail)} for ${name}`
      : `Please re-connect ${count} Google Calendars for ${name}`,
    preheader: `${by} asks you to re-connect ${count === 1 ? "a calendar" : `${count} calendars`} so tours keep reaching them.`,
    heading: count === 1 ? "Re-connect a Google Calendar" : `Re-connect ${count} Google Calendars`,
    intro: [
      `Hello, ${by} from your operations team asks you to re-connect ${count === 1 ? "this Google Calendar" : "these Google Calendars"} at ${name}.`,
      "Each link opens the LumaLeasing Tours settings page in WordPress (sign in if asked) and then Google's consent page for that account.",
    ],
    facts,
    action: {
      label: `Re-connect ${oneLine(input.calendars[0].accountEmail)}`,
      url: checkedUrl(input.calendars[0].link),
      hint: count > 1 ? "Each calendar above has its own link." : undefined,
    },
    outro: [],
    footerNote: `Sent to the property manager of ${name}.`,
  });
}
