// slots add|list|remove: manual tour slots, the fallback when no calendar is connected.
// Times are local to the property ("2026-12-03 10:00") or ISO with an offset.
import { formatLocalMoment, parseMoment } from "../../supabase/functions/_shared/core/local-time.ts";
import { addTourSlot, listTourSlots, removeTourSlot, SlotRefused, type TourSlot } from "../../supabase/functions/_shared/services/tour-slots.ts";
import { allowFlags, CliError, one, type Parsed, required, type Result } from "./args.ts";
import { type Context, findProperty, type PropertyRef } from "./context.ts";

function startOf(p: Parsed, property: PropertyRef): Date {
  const raw = required(p, "start", `"YYYY-MM-DD HH:MM" in ${property.time_zone}, or an ISO time with its offset`);
  const moment = parseMoment(raw, property.time_zone);
  if (!moment.ok) throw new CliError("invalid_start", moment.message, { "--start": moment.message });
  return new Date(moment.instant);
}

function slotLine(s: TourSlot): string {
  return `  ${s.local}  ${s.durationMinutes} min  ${s.booked ? "booked" : "open"}  (${s.id})`;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof SlotRefused)) throw err;
    const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k === "durationMinutes" ? "--duration" : "--start", v])) : undefined;
    throw new CliError(err.code, err.message, fields);
  }
}

export async function slots(ctx: Context, p: Parsed): Promise<Result> {
  const sub = p.words[0];
  if (!sub || !["add", "list", "remove"].includes(sub)) {
    throw new CliError("invalid_arguments", `slots needs add, list or remove (got ${sub ? `"${sub}"` : "nothing"})`);
  }
  allowFlags(p, `slots ${sub}`, sub === "list" ? ["property"] : sub === "add" ? ["property", "start", "duration"] : ["property", "start", "id"]);
  const ref = required(p, "property", "an id or the exact name");
  const property = await findProperty(ctx.sql, ref);
  const summary = { id: property.id, name: property.name, timeZone: property.time_zone };
  const now = new Date();

  if (sub === "list") {
    const list = await ctx.sql.begin((tx) => listTourSlots(tx, property.id, now)) as TourSlot[];
    return {
      data: { property: summary, slots: list },
      lines: [
        `Manual tour slots of "${property.name}" (${property.time_zone}):`,
        ...(list.length ? list.map(slotLine) : ["  none upcoming. Add one with: npm run property -- slots add --property … --start \"YYYY-MM-DD HH:MM\""]),
      ],
    };
  }
  if (sub === "add") {
    const start = startOf(p, property);
    const rawDuration = one(p, "duration");
    let durationMinutes: number;
    if (rawDuration === undefined) {
      const [{ tour_minutes }] = await ctx.sql`select tour_minutes from public.properties where id = ${property.id}`;
      durationMinutes = tour_minutes;
    } else if (/^\d+$/.test(rawDuration)) {
      durationMinutes = Number(rawDuration);
    } else {
      throw new CliError("invalid_input", `"${rawDuration}" is not a whole number of minutes`, { "--duration": `"${rawDuration}" is not a whole number of minutes` });
    }
    const slot = await guarded(() => ctx.sql.begin((tx) => addTourSlot(tx, property.id, { start: start.toISOString(), durationMinutes }, now))) as TourSlot;
    return {
      data: { property: summary, slot },
      lines: [`Added a ${slot.durationMinutes}-minute slot at ${slot.local} (${property.time_zone}) for "${property.name}".`, slotLine(slot)],
    };
  }
  const id = one(p, "id");
  if (!id && !one(p, "start")) throw new CliError("missing_argument", "--start is required (the slot's start), or --id");
  const which = id ? { slotId: id } : { start: startOf(p, property) };
  const removed = await guarded(() => ctx.sql.begin((tx) => removeTourSlot(tx, property.id, which))) as TourSlot;
  return {
    data: { property: summary, removed },
    lines: [`Removed the slot at ${formatLocalMoment(Date.parse(removed.start), property.time_zone)} (${property.time_zone}) of "${property.name}".`],
  };
}
