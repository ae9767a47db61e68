// Emails to the property manager (English): a calendar that needs reconnecting, and side
// effects the outbox gave up on.
import { type Fact, renderEmail } from "./email-render.ts";
import { formatFull } from "./message-dates.ts";
import { checkedUrl, type EmailContent, oneLine, type PropertyInfo } from "./message-input.ts";


export type CalendarConnectionStatus = "expiring" | "expired" | "revoked" | "error";

export interface CalendarReconnectAlertInput {
  property: PropertyInfo;
  calendar: { accountEmail: string; calendarName?: string; agentName?: string };
  status: CalendarConnectionStatus;
  /** The plugin's settings page, where "Reconnect" is one click. */
  settingsUrl: string;
  checkedAt: Date;
  /** Provider's words, e.g. "invalid_grant: Token has been expired or revoked." */
  detail?: string;
  upcomingTourCount?: number;
}

const STATUS_WORDS: Record<CalendarConnectionStatus, { label: string; effect: string }> = {
  expiring: {
    label: "Expiring soon",
    effect: "The connection still works today, but will stop unless it is reconnected.",
  },
  expired: {
    label: "Expired",
    effect: "New tours can't be added to this calendar and availability may be out of date until it is reconnected.",
  },
  revoked: {
    label: "Access revoked",
    effect: "Google no longer lets us read or write this calendar. New tours can't be added until it is reconnected.",
  },
  error: {
    label: "Not working",
    effect: "We couldn't reach this calendar. New tours may not appear in it until the connection is fixed.",
  },
};

export function calendarReconnectAlertEmail(input: CalendarReconnectAlertInput): EmailContent {
  const name = oneLine(input.property.name);
  const account = oneLine(input.calendar.accountEmail);
  const words = STATUS_WORDS[input.status];
  const urgent = input.status !== "expiring";
  const facts: Fact[] = [
    { label: "Google account", text: account },
    ...(input.calendar.calendarName ? [{ label: "Calendar", text: oneLine(input.calendar.calendarName) }] : []),
    ...(input.calendar.agentName ? [{ label: "Agent", text: oneLine(input.calendar.agentName) }] : []),
    { label: "Status", text: words.label },
    { label: "Checked", text: formatFull(input.checkedAt, input.property.timeZone) },
    ...(input.upcomingTourCount !== undefined
      ? [{ label: "Upcoming tours on it", text: String(input.upcomingTourCount) }]
      : []),
    ...(input.detail ? [{ label: "Details", text: oneLine(input.detail) }] : []),
  ];
  return renderEmail(input.property, {
    lang: "en",
    openLink: "Or open this link:",
    subject: urgent
      ? `Action needed: reconnect Google Calendar for ${name}`
      : `Google Calendar for ${name} needs reconnecting soon`,
    preheader: `${account}: ${words.label.toLowerCase()}. Reconnect from the settings page.`,
    heading: urgent ? "Reconnect your Google Calendar" : "Your Google Calendar connection expires soon",
    intro: [
      `Hello, the Google Calendar connection for ${account} at ${name} needs attention.`,
      words.effect,
    ],
    facts,
    action: {
      label: "Open calendar settings",
      url: checkedUrl(input.settingsUrl),
      hint: "Sign in to WordPress, then choose Reconnect next to this calendar.",
    },
    outro: [],
    footerNote: `Sent to the property manager of ${name}.`,
  });
}

export interface DeadOutboxItem {
  /** e.g. "Confirmation email", "Google Calendar event". */
  kind: string;
  /** Who or what it was for, e.g. "Maria, Sat Dec 5 2:00 PM". */
  description: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: Date;
}

export interface OutboxDeadAlertInput {
  property: PropertyInfo;
  items: DeadOutboxItem[];
  /** Where the manager can review tours and retry. */
  dashboardUrl: string;
}

const DEAD_ITEMS_SHOWN = 10;

export function outboxDeadAlertEmail(input: OutboxDeadAlertInput): EmailContent {
  const name = oneLine(input.property.name);
  const count = input.items.length;
  const noun = count === 1 ? "update" : "updates";
  const shown = input.items.slice(0, DEAD_ITEMS_SHOWN);
  const facts: Fact[] = shown.map((item) => ({
    label: oneLine(item.kind),
    text: `${oneLine(item.description)}. Tried ${item.attempts} ${item.attempts === 1 ? "time" : "times"}, ` +
      `last on ${formatFull(item.lastAttemptAt, input.property.timeZone)}: ${oneLine(item.lastError)}`,
  }));
  if (count > shown.length) facts.push({ label: "And more", text: `${count - shown.length} more not listed here` });
  return renderEmail(input.property, {
    lang: "en",
    openLink: "Or open this link:",
    subject: `${count} tour ${noun} for ${name} could not be completed`,
    preheader: `We stopped retrying ${count} ${noun}. Please review them.`,
    heading: `${count} tour ${noun} need${count === 1 ? "s" : ""} your attention`,
    intro: [
      `Hello, we tried several times but could not complete the following for ${name}. ` +
      "Prospects may be missing a confirmation or reminder, or a calendar may be out of date.",
    ],
    facts,
    action: { label: "Review tours", url: checkedUrl(input.dashboardUrl) },
    outro: [],
    footerNote: `Sent to the property manager of ${name}.`,
  });
}
