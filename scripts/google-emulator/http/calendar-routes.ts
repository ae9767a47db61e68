// Calendar API v3 on Google's paths under /calendar/v3/.
import { channelResource, stopChannel, watchEvents } from "../core/channels.ts";
import { apiErrors } from "../core/errors.ts";
import { listEvents } from "../core/event-list.ts";
import {
  calendarFor,
  calendarTimeZone,
  deleteEvent,
  getEvent,
  insertEvent,
  patchEvent,
  updateEvent,
} from "../core/events.ts";
import { queryFreeBusy } from "../core/freebusy.ts";
import { authenticateAccessToken } from "../core/tokens.ts";
import type { EmulatorState } from "../core/state.ts";
import type { Account, Channel } from "../core/types.ts";
import { errorToResponse, json, noContent, readJson } from "./respond.ts";

const scope = (name: string) => `https://www.googleapis.com/auth/${name}`;
const readEvents = [
  "calendar",
  "calendar.readonly",
  "calendar.events",
  "calendar.events.readonly",
  "calendar.events.owned",
  "calendar.events.owned.readonly",
];
const writeEvents = ["calendar", "calendar.events", "calendar.events.owned"];
/** Which scopes let a token use each part of the API (a wrong scope is a 403, as in Google). */
const scopesFor = {
  readEvents,
  writeEvents,
  freeBusy: [...readEvents, "calendar.freebusy", "calendar.events.freebusy"],
  settings: ["calendar", "calendar.readonly", "calendar.settings.readonly"],
  calendarList: ["calendar", "calendar.readonly", "calendar.calendarlist", "calendar.calendarlist.readonly"],
  calendars: ["calendar", "calendar.readonly", "calendar.calendars", "calendar.calendars.readonly"],
  anyCalendar: [
    ...readEvents,
    "calendar.freebusy",
    "calendar.events.freebusy",
    "calendar.settings.readonly",
    "calendar.calendarlist.readonly",
  ],
};

function requireScope(granted: string[], allowed: string[]): void {
  if (!allowed.some((name) => granted.includes(scope(name)))) throw apiErrors.insufficientScopes();
}

export interface CalendarRouteHooks {
  /** A channel was created: Google sends the "sync" message now. */
  channelCreated(channel: Channel): void;
}

function calendarListEntry(account: Account) {
  return {
    kind: "calendar#calendarListEntry",
    etag: `"${account.sub.slice(0, 16)}"`,
    id: account.email,
    summary: account.email,
    timeZone: account.timeZone,
    colorId: "14",
    backgroundColor: "#9fe1e7",
    foregroundColor: "#000000",
    selected: true,
    accessRole: "owner",
    defaultReminders: [{ method: "popup", minutes: 10 }],
    notificationSettings: {
      notifications: [
        { type: "eventCreation", method: "email" },
        { type: "eventChange", method: "email" },
        { type: "eventCancellation", method: "email" },
        { type: "eventResponse", method: "email" },
      ],
    },
    primary: true,
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  };
}

function settingsFor(account: Account) {
  const etag = `"${account.sub.slice(0, 12)}"`;
  return [
    { kind: "calendar#setting", etag, id: "timezone", value: account.timeZone },
    { kind: "calendar#setting", etag, id: "locale", value: "en" },
    { kind: "calendar#setting", etag, id: "weekStart", value: "0" },
    { kind: "calendar#setting", etag, id: "format24HourTime", value: "false" },
  ];
}

function writeOptions(request: Request, url: URL) {
  return {
    sendUpdates: url.searchParams.get("sendUpdates"),
    ifMatch: request.headers.get("if-match"),
    via: "api" as const,
  };
}

async function dispatch(
  state: EmulatorState,
  hooks: CalendarRouteHooks,
  request: Request,
  url: URL,
  account: Account,
  granted: string[],
): Promise<Response> {
  const parts = url.pathname.slice("/calendar/v3/".length).split("/").filter(Boolean).map(decodeURIComponent);
  const method = request.method;
  const [first, second, third, fourth, fifth] = parts;

  if (first === "freeBusy" && parts.length === 1 && method === "POST") {
    requireScope(granted, scopesFor.freeBusy);
    return json(200, queryFreeBusy(state, account, await readJson(request)));
  }
  if (first === "channels" && second === "stop" && parts.length === 2 && method === "POST") {
    requireScope(granted, scopesFor.anyCalendar);
    stopChannel(state, await readJson(request));
    return noContent();
  }
  if (first === "users" && second === "me" && method === "GET") {
    if (third === "settings") {
      requireScope(granted, scopesFor.settings);
      const settings = settingsFor(account);
      if (parts.length === 3) return json(200, { kind: "calendar#settings", etag: settings[0].etag, items: settings });
      const setting = settings.find((s) => s.id === fourth);
      if (parts.length === 4 && setting) return json(200, setting);
      throw apiErrors.notFound();
    }
    if (third === "calendarList") {
      requireScope(granted, scopesFor.calendarList);
      const entry = calendarListEntry(account);
      if (parts.length === 3) return json(200, { kind: "calendar#calendarList", etag: entry.etag, items: [entry] });
      if (parts.length === 4 && (fourth === "primary" || fourth.toLowerCase() === account.email)) {
        return json(200, entry);
      }
      throw apiErrors.notFound();
    }
  }
  if (first === "calendars" && second) {
    const calendar = calendarFor(state, account, second);
    if (parts.length === 2 && method === "GET") {
      requireScope(granted, scopesFor.calendars);
      return json(200, {
        kind: "calendar#calendar",
        etag: `"${account.sub.slice(0, 16)}"`,
        id: calendar.id,
        summary: calendar.id,
        timeZone: calendarTimeZone(state, calendar),
        conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
      });
    }
    if (third === "events") {
      if (parts.length === 3 && method === "GET") {
        requireScope(granted, scopesFor.readEvents);
        return json(200, listEvents(state, calendar, url.searchParams));
      }
      if (parts.length === 3 && method === "POST") {
        requireScope(granted, scopesFor.writeEvents);
        return json(200, insertEvent(state, calendar, await readJson(request), writeOptions(request, url)));
      }
      if (parts.length === 4 && fourth === "watch" && method === "POST") {
        requireScope(granted, scopesFor.readEvents);
        const channel = watchEvents(state, account, calendar, await readJson(request));
        hooks.channelCreated(channel);
        return json(200, channelResource(channel));
      }
      if (parts.length === 4 && fifth === undefined) {
        const eventId = fourth;
        if (method === "GET") {
          requireScope(granted, scopesFor.readEvents);
          return json(200, getEvent(calendar, eventId));
        }
        requireScope(granted, scopesFor.writeEvents);
        if (method === "PUT") {
          return json(200, updateEvent(state, calendar, eventId, await readJson(request), writeOptions(request, url)));
        }
        if (method === "PATCH") {
          return json(200, patchEvent(state, calendar, eventId, await readJson(request), writeOptions(request, url)));
        }
        if (method === "DELETE") {
          deleteEvent(state, calendar, eventId, writeOptions(request, url));
          return noContent();
        }
      }
    }
  }
  throw apiErrors.notFound();
}

export async function calendarRoute(
  state: EmulatorState,
  hooks: CalendarRouteHooks,
  request: Request,
  url: URL,
): Promise<Response> {
  try {
    const auth = authenticateAccessToken(state, request.headers.get("authorization"));
    if (!auth) throw apiErrors.invalidCredentials();
    return await dispatch(state, hooks, request, url, auth.account, auth.token.scopes);
  } catch (error) {
    return errorToResponse(error);
  }
}
