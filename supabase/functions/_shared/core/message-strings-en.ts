// The prospect's messages in English.
import type { MessageStrings } from "./message-strings.ts";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const en: MessageStrings = {
  lang: "en",
  dates: {
    full: "EEEE, MMMM d, yyyy 'at' h:mm a {zone}",
    fullNoYear: "EEEE, MMMM d 'at' h:mm a {zone}",
    short: "EEE, MMM d 'at' h:mm a {zone}",
    time: "h:mm a {zone}",
    smsWhen: "EEE MMM d, h:mm a {zone}",
    smsShort: "M/d h:mma {zone}",
    smsTime: "h:mm a {zone}",
  },
  fixDate: (text) => text,
  duration: (hours, minutes) =>
    [...(hours ? [plural(hours, "hour", "hours")] : []), ...(minutes ? [plural(minutes, "minute", "minutes")] : [])].join(" "),
  withDuration: (when, duration) => `${when} (${duration})`,
  defaultWhatToBring: "a photo ID",
  hi: (first) => `Hi ${first || "there"}`,
  facts: {
    when: "When",
    where: "Where",
    openMaps: "Open in Google Maps",
    guide: "Your guide",
    whatToBring: "What to bring",
    questions: "Questions",
    cancelledTour: "Cancelled tour",
    previously: "Previously",
  },
  contact: (phone, email) =>
    phone && email ? `Call ${phone} or email ${email}` : phone ? `Call ${phone}` : email ? `Email ${email}` : "",
  manageLabel: "Reschedule or cancel",
  openLink: "Or open this link:",
  confirmation: {
    subject: (name, short) => `Tour confirmed: ${name}, ${short}`,
    preheader: (when, address) => (address ? `See you ${when} at ${address}.` : `See you ${when}.`),
    heading: "Your tour is confirmed",
    intro: (hi, name) => `${hi}, thanks for booking a tour at ${name}. We look forward to meeting you.`,
    manageHint: "Need to reschedule or cancel? Use this link any time before your tour.",
    invite: "Add the tour to your calendar with the attached invitation.",
  },
  reminder24h: {
    subject: (name, short) => `Reminder: your tour at ${name} is ${short}`,
    preheader: (when, bring) => `Your tour is ${when}. Bring ${bring}.`,
    heading: "Your tour is coming up",
    intro: (hi, name, full) => `${hi}, this is a reminder of your tour at ${name} on ${full}.`,
  },
  reminder1h: {
    subject: (name, time) => `Starting soon: your tour at ${name} at ${time}`,
    preheader: (time, address) => (address ? `Your tour starts at ${time} at ${address}.` : `Your tour starts at ${time}.`),
    heading: "Your tour starts soon",
    intro: (hi, name, time) => `${hi}, this is a reminder that your tour at ${name} starts at ${time}.`,
  },
  reminderManageHint: "Plans changed? You can reschedule or cancel here.",
  cancelled: {
    subject: (name, short) => `Tour cancelled: ${name}, ${short}`,
    preheader: (when) => `Your tour on ${when} has been cancelled.`,
    heading: "Your tour has been cancelled",
    intro: (hi, name, full, byProperty) =>
      byProperty
        ? `${hi}, we're sorry: the leasing team at ${name} had to cancel your tour on ${full}.`
        : `${hi}, your tour at ${name} on ${full} has been cancelled.`,
    again: "We'd still love to show you around. Pick a new time whenever it suits you.",
    bookAgain: "Book a new time",
  },
  rescheduled: {
    subject: (name, short) => `Tour rescheduled: ${name}, now ${short}`,
    preheader: (when) => `Your tour has moved to ${when}.`,
    heading: "Your tour has a new time",
    intro: (hi, name, full) => `${hi}, your tour at ${name} has moved to ${full}.`,
    manageHint: "Need a different time? You can change or cancel here.",
    invite: "The attached invitation updates the event in your calendar.",
  },
  followUp: {
    subject: (name) => `Thanks for visiting ${name}`,
    preheader: (name) => `Ready to make ${name} home? Apply online in a few minutes.`,
    heading: "Thanks for touring with us",
    intro: (hi, name) => `${hi}, thank you for visiting ${name}. It was a pleasure showing you around.`,
    next: "If you liked what you saw, the next step is a short online application.",
    apply: "Apply now",
    applyHint: "Questions about applying? The leasing office is happy to help.",
  },
  sms: {
    fallbackName: "Tour",
    confirmation: [
      (w) => `${w.n}: your tour is confirmed for ${w.when}. Reschedule or cancel: ${w.url}`,
      (w) => `${w.n}: tour confirmed ${w.when}. Manage: ${w.url}`,
      (w) => `${w.n}: tour ${w.short}. ${w.url}`,
    ],
    reminder24h: [
      (w) => `${w.n}: reminder, your tour is ${w.when}. Reschedule or cancel: ${w.url}`,
      (w) => `${w.n}: reminder, tour ${w.when}. Manage: ${w.url}`,
      (w) => `${w.n}: reminder, tour ${w.short}. ${w.url}`,
    ],
    reminder1h: [
      (w) => `${w.n}: reminder, your tour starts at ${w.time}. See you soon! Manage: ${w.url}`,
      (w) => `${w.n}: reminder, tour at ${w.time}. Manage: ${w.url}`,
      (w) => `${w.n}: reminder, tour ${w.time}. ${w.url}`,
    ],
    cancelled: [
      (w) => `${w.n}: your tour on ${w.when} is cancelled. Book a new time: ${w.url}`,
      (w) => `${w.n}: tour ${w.when} cancelled. Rebook: ${w.url}`,
      (w) => `${w.n}: tour ${w.short} cancelled. ${w.url}`,
    ],
    rescheduled: [
      (w) => `${w.n}: your tour has moved to ${w.when}. Reschedule or cancel: ${w.url}`,
      (w) => `${w.n}: tour moved to ${w.when}. Manage: ${w.url}`,
      (w) => `${w.n}: tour now ${w.short}. ${w.url}`,
    ],
  },
  ics: {
    summary: (name) => `Tour - ${name}`,
    description: (name, url) => `Your apartment tour at ${name}. Reschedule or cancel: ${url}`,
    alarmDay: "Apartment tour tomorrow",
    alarmHour: "Apartment tour in 1 hour",
  },
};
