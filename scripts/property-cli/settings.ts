// show, update: a property's rules and contact settings, validated with the backend's
// own contract (PropertySettings); a refusal names every bad flag and writes nothing.
import { PropertySettingsUpdate, type PropertySettings } from "../../supabase/functions/_shared/contracts/property-settings.ts";
import { fieldErrors } from "../../supabase/functions/_shared/contracts/widget.ts";
import { formatWeeklyHours, HoursTextError, parseWeeklyHours } from "../../supabase/functions/_shared/core/hours-text.ts";
import { readPropertySettings, SettingsRefused, updatePropertySettings } from "../../supabase/functions/_shared/services/property-settings.ts";
import { allowFlags, CliError, one, type Parsed, required, type Result } from "./args.ts";
import { type Context, findProperty, type PropertyRef } from "./context.ts";
import { findOrganization } from "./orgs.ts";

/** Each setting's flag, for messages. */
const FLAG_OF: Record<keyof PropertySettings, string> = {
  timeZone: "--timezone",
  address: "--address",
  phone: "--phone",
  email: "--email",
  managers: "--managers",
  weeklyHours: "--hours",
  dateExceptions: "--closed",
  tourMinutes: "--tour-length",
  slotIntervalMinutes: "--slot-step",
  bufferBeforeMinutes: "--buffer-before",
  bufferAfterMinutes: "--buffer-after",
  minNoticeMinutes: "--min-notice",
  bookingWindowDays: "--window-days",
  followUpEmail: "--follow-up-email",
  applyUrl: "--apply-url",
};
const NUMBER_FLAGS: Array<[string, keyof PropertySettings]> = [
  ["tour-length", "tourMinutes"],
  ["slot-step", "slotIntervalMinutes"],
  ["buffer-before", "bufferBeforeMinutes"],
  ["buffer-after", "bufferAfterMinutes"],
  ["min-notice", "minNoticeMinutes"],
  ["window-days", "bookingWindowDays"],
];
const TEXT_FLAGS: Array<[string, "address" | "phone" | "email" | "timeZone"]> = [
  ["address", "address"],
  ["phone", "phone"],
  ["email", "email"],
  ["timezone", "timeZone"],
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** contract field paths ("weeklyHours.1.0.end") → the flag a person typed. */
function byFlag(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const key = path.split(".")[0] as keyof PropertySettings;
    out[FLAG_OF[key] ?? path] ??= message;
  }
  return out;
}

function settingsLines(property: PropertyRef, s: PropertySettings, calendars: number): string[] {
  const closed = s.dateExceptions.filter((e) => e.closed).map((e) => e.date);
  const special = s.dateExceptions.filter((e) => !e.closed && e.hours?.length)
    .map((e) => `${e.date} ${e.hours!.map((h) => `${h.start}-${h.end}`).join(",")}`);
  return [
    `Property "${property.name}" (${property.id})`,
    `  time zone      ${s.timeZone}`,
    `  hours          ${formatWeeklyHours(s.weeklyHours)}`,
    `  closed on      ${closed.length ? closed.join(", ") : "—"}`,
    ...(special.length ? [`  special hours  ${special.join("; ")}`] : []),
    `  tours          ${s.tourMinutes} min, one every ${s.slotIntervalMinutes} min`,
    `  buffers        ${s.bufferBeforeMinutes} min before, ${s.bufferAfterMinutes} min after`,
    `  notice         at least ${s.minNoticeMinutes} min; bookable ${s.bookingWindowDays} days ahead`,
    `  address        ${s.address ?? "—"}`,
    `  phone          ${s.phone ?? "—"}`,
    `  email          ${s.email ?? "—"}`,
    `  managers       ${s.managers.length ? s.managers.join(", ") : "—"}`,
    `  follow-up      ${s.followUpEmail ? "on" : "off"} (email after an attended tour)`,
    `  apply link     ${s.applyUrl ?? "—"}`,
    `  calendars      ${calendars} connected${calendars ? "" : " (the widget offers the manual slots)"}`,
  ];
}

async function calendarCount(ctx: Context, propertyId: string): Promise<number> {
  const [{ n }] = await ctx.sql`select count(*)::int as n from public.agent_calendars
    where property_id = ${propertyId} and disconnected_at is null`;
  return n;
}

export async function show(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "show", ["property"]);
  const property = await findProperty(ctx.sql, required(p, "property", "an id or the exact name"));
  const settings = await ctx.sql.begin((tx) => readPropertySettings(tx, property.id)) as PropertySettings;
  const calendars = await calendarCount(ctx, property.id);
  return {
    data: { property: { id: property.id, name: property.name }, settings, hours: formatWeeklyHours(settings.weeklyHours), calendars },
    lines: settingsLines(property, settings, calendars),
  };
}

const UPDATE_FLAGS = [
  "property", "hours", "closed", "reopen", ...NUMBER_FLAGS.map(([f]) => f), ...TEXT_FLAGS.map(([f]) => f), "managers", "org",
  "follow-up-email", "apply-url",
];

/** The flags as a settings change; every bad flag is reported at once, nothing written. */
export function updateFromFlags(p: Parsed): { change: PropertySettingsUpdate; closed: string[]; reopen: string[]; org?: string } {
  allowFlags(p, "update", UPDATE_FLAGS, ["closed", "reopen"]);
  const errors: Record<string, string> = {};
  const change: Record<string, unknown> = {};
  const hours = p.flags.hours?.[0];
  if (hours !== undefined) {
    try {
      change.weeklyHours = parseWeeklyHours(hours);
    } catch (err) {
      if (!(err instanceof HoursTextError)) throw err;
      errors["--hours"] = err.message;
    }
  }
  for (const [flag, key] of NUMBER_FLAGS) {
    const raw = one(p, flag);
    if (raw === undefined) continue;
    if (!/^-?\d+$/.test(raw)) errors[`--${flag}`] = `"${raw}" is not a whole number`;
    else change[key] = Number(raw);
  }
  for (const [flag, key] of TEXT_FLAGS) {
    const raw = one(p, flag);
    if (raw !== undefined) change[key] = raw === "" && key !== "timeZone" ? null : raw;
  }
  const followUp = one(p, "follow-up-email");
  if (followUp !== undefined) {
    if (followUp === "on" || followUp === "off") change.followUpEmail = followUp === "on";
    else errors["--follow-up-email"] = `"${followUp}" is not on or off`;
  }
  const applyUrl = one(p, "apply-url");
  if (applyUrl !== undefined) change.applyUrl = applyUrl === "" ? null : applyUrl;
  const managers = one(p, "managers");
  if (managers !== undefined) change.managers = managers.split(",").map((m) => m.trim()).filter(Boolean);
  const dates = (name: string) => (p.flags[name] ?? []).map((d) => d.trim());
  const closed = dates("closed");
  const reopen = dates("reopen");
  for (const [flag, list] of [["--closed", closed], ["--reopen", reopen]] as const) {
    const bad = list.find((d) => !DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
      !new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
    if (bad !== undefined) errors[flag] = `"${bad}" is not a date like 2026-12-25`;
  }
  const checked = PropertySettingsUpdate.safeParse(change);
  if (!checked.success) {
    for (const [flag, message] of Object.entries(byFlag(fieldErrors(checked.error)))) errors[flag] ??= message;
  }
  if (Object.keys(errors).length) throw new CliError("invalid_settings", "the settings are not valid; nothing was changed", errors);
  // --org ID|NAME moves the property into an organization; --org "" takes it out.
  const org = p.flags.org?.[0]?.trim();
  if (Object.keys(change).length === 0 && closed.length === 0 && reopen.length === 0 && org === undefined) {
    throw new CliError("nothing_to_change", "say what to change, e.g. --hours \"mon-fri 09:00-18:00\" or --tour-length 45");
  }
  return { change: change as PropertySettingsUpdate, closed, reopen, org };
}

export async function update(ctx: Context, p: Parsed): Promise<Result> {
  const ref = required(p, "property", "an id or the exact name");
  const { change, closed, reopen, org } = updateFromFlags(p);
  const property = await findProperty(ctx.sql, ref);
  const organization = org ? await findOrganization(ctx.sql, org) : null;
  const result = await ctx.sql.begin(async (tx) => {
    if (org !== undefined) {
      await tx`update public.properties set organization_id = ${organization?.id ?? null} where id = ${property.id}`;
    }
    if (closed.length || reopen.length) {
      const current = await readPropertySettings(tx, property.id, true);
      const dropped = new Set([...closed, ...reopen]);
      change.dateExceptions = [
        ...(current?.dateExceptions ?? []).filter((e) => !dropped.has(e.date)),
        ...[...new Set(closed)].map((date) => ({ date, closed: true })),
      ].sort((a, b) => a.date.localeCompare(b.date));
    }
    try {
      return await updatePropertySettings(tx, property.id, change);
    } catch (err) {
      if (err instanceof SettingsRefused) {
        throw new CliError("invalid_settings", "the settings are not valid; nothing was changed", byFlag(err.fields));
      }
      throw err;
    }
  });
  const calendars = await calendarCount(ctx, property.id);
  const lines = result.changed.length
    ? [`Updated ${result.changed.map((k) => FLAG_OF[k].slice(2)).join(", ")}; availability follows at once.`]
    : org !== undefined ? [] : ["Nothing changed (the settings were already so)."];
  if (org !== undefined) lines.unshift(organization ? `Now in organization "${organization.name}" (${organization.id}).` : "Now in no organization.");
  return {
    data: {
      property: { id: property.id, name: property.name },
      changed: result.changed,
      ...(org !== undefined ? { organization } : {}),
      settings: result.after,
      hours: formatWeeklyHours(result.after.weeklyHours),
    },
    lines: [...lines, ...settingsLines(property, result.after, calendars)],
  };
}
