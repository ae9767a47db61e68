// GET /2010-04-01/Accounts/{AccountSid}/Messages.json — Twilio's Messages list, as a
// sender asks it "did my message go out?":
//   To, From         only messages to / from this number (digits compared, so an
//                    unencoded "+" that arrived as a space still matches)
//   DateSent=D       sent on that day (GMT)
//   DateSent>=D      sent on or after it ("DateSent>" once the query string is parsed)
//   DateSent<=D      sent on or before it ("DateSent<"): through the end of that day
//                    D is YYYY-MM-DD, or an ISO 8601 instant (compared to the second)
//   PageSize         1–1,000, default 50
//   Page, PageToken  what next_page_uri / previous_page_uri carry: PA<sid> is the page
//                    after that message, PB<sid> the page before it
// Newest first by date sent. Answers Twilio's page shape { messages, start, end, page,
// page_size, uri, first_page_uri, next_page_uri, previous_page_uri } and Twilio's error
// body (401 code 20003 for bad credentials, 400 code 20001 for a bad parameter).
// Caught messages count as sent at the moment the catcher received them.

import { json } from "./http.ts";
import type { ApiContext } from "./resend.ts";
import type { CaughtSms } from "./store.ts";
import { authorized, twilioError, twilioMessageJson } from "./twilio.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const DAY_MS = 24 * 60 * 60_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

interface ListQuery {
  to: string | null;
  from: string | null;
  /** Sent at or after (ms). */
  after: number | null;
  /** Sent before (ms, exclusive). */
  before: number | null;
  pageSize: number;
  page: number;
  token: { after: boolean; sid: string } | null;
  /** The filters as given, echoed in the page URIs. */
  filters: [string, string][];
}

type Invalid = { invalid: string };

export function handleListSms(request: Request, accountSid: string, ctx: ApiContext): Response {
  if (!authorized(request, accountSid)) return twilioError(401, 20003, "Authenticate");
  const url = new URL(request.url);
  const query = parseListQuery(url.searchParams);
  if ("invalid" in query) return twilioError(400, 20001, query.invalid);

  const matching = (ctx.store.list({ kind: "sms" }) as CaughtSms[])
    .filter((m) => m.accountSid === accountSid)
    .filter((m) => query.to === null || samePhone(m.to, query.to))
    .filter((m) => query.from === null || (m.from !== null && samePhone(m.from, query.from)))
    .filter((m) => query.after === null || Date.parse(m.receivedAt) >= query.after)
    .filter((m) => query.before === null || Date.parse(m.receivedAt) < query.before)
    // Newest sent first; equal times keep the store's order (newest received first).
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));

  let first = query.page * query.pageSize;
  if (query.token) {
    const at = matching.findIndex((m) => m.id === query.token!.sid);
    if (at === -1) return twilioError(400, 20001, "Invalid PageToken");
    first = query.token.after ? at + 1 : Math.max(0, at - query.pageSize);
  }
  const messages = matching.slice(first, first + query.pageSize);
  const last = first + messages.length;

  const path = url.pathname;
  const pageUri = (page: number, token?: string) => {
    const params = new URLSearchParams(query.filters);
    params.set("PageSize", String(query.pageSize));
    params.set("Page", String(page));
    if (token) params.set("PageToken", token);
    return `${path}?${params}`;
  };
  const start = query.page * query.pageSize;
  return json(200, {
    end: start + Math.max(messages.length - 1, 0),
    first_page_uri: pageUri(0),
    messages: messages.map((m) => twilioMessageJson(m, "listed")),
    next_page_uri: last < matching.length && messages.length ? pageUri(query.page + 1, `PA${messages.at(-1)!.id}`) : null,
    page: query.page,
    page_size: query.pageSize,
    previous_page_uri: first > 0 && messages.length ? pageUri(Math.max(query.page - 1, 0), `PB${messages[0].id}`) : null,
    start,
    uri: `${path}?${url.searchParams}`,
  });
}

export function parseListQuery(params: URLSearchParams): ListQuery | Invalid {
  const filters: [string, string][] = [];
  let after: number | null = null;
  let before: number | null = null;
  for (const [key, value] of params) {
    if (key === "To" || key === "From") {
      filters.push([key, value]);
      continue;
    }
    const bound = /^DateSent([<>]?)=?$/.exec(key);
    if (!bound) continue; // Twilio ignores parameters it does not know
    const range = dateRange(value.trim());
    if (!range) return { invalid: "Invalid date value." };
    filters.push([key, value]);
    if (bound[1] === ">") after = Math.max(after ?? -Infinity, range.from);
    else if (bound[1] === "<") before = Math.min(before ?? Infinity, range.to);
    else {
      after = Math.max(after ?? -Infinity, range.day.from);
      before = Math.min(before ?? Infinity, range.day.to);
    }
  }

  const pageSize = integerParam(params.get("PageSize"), DEFAULT_PAGE_SIZE);
  if (pageSize === null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return { invalid: `PageSize must be an integer from 1 to ${MAX_PAGE_SIZE}` };
  }
  const page = integerParam(params.get("Page"), 0);
  if (page === null || page < 0) return { invalid: "Page must be a non-negative integer" };
  const tokenText = params.get("PageToken");
  let token: ListQuery["token"] = null;
  if (tokenText) {
    const match = /^P([AB])(.+)$/.exec(tokenText);
    if (!match) return { invalid: "Invalid PageToken" };
    token = { after: match[1] === "A", sid: match[2] };
  }
  const to = params.get("To")?.trim() || null;
  const from = params.get("From")?.trim() || null;
  return { to, from, after, before, pageSize, page, token, filters };
}

/**
 * A day (GMT) or an instant: `from` is where "on or after" starts, `to` where "on or
 * before" ends (exclusive), `day` the whole day an exact DateSent= means.
 */
function dateRange(value: string): { from: number; to: number; day: { from: number; to: number } } | null {
  if (DAY.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(from) || new Date(from).toISOString().slice(0, 10) !== value) return null;
    return { from, to: from + DAY_MS, day: { from, to: from + DAY_MS } };
  }
  if (INSTANT.test(value)) {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    const second = Math.floor(at / 1000) * 1000;
    const dayStart = Math.floor(at / DAY_MS) * DAY_MS;
    return { from: second, to: second + 1000, day: { from: dayStart, to: dayStart + DAY_MS } };
  }
  return null;
}

function integerParam(value: string | null, fallback: number): number | null {
  if (value === null || value === "") return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

/** Phone numbers by their digits; anything else (an alphanumeric sender ID) exactly. */
function samePhone(a: string, b: string): boolean {
  const phone = /^[+\d\s().-]+$/;
  if (phone.test(a) && phone.test(b)) return a.replace(/\D/g, "") === b.replace(/\D/g, "");
  return a === b;
}
