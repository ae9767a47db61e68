// Manual tour slots (public.tour_slots): what the widget offers when no calendar is
// connected. Added in the future only, never overlapping another slot of the property;
// a slot a confirmed tour holds is not removed.
import type { Tx } from "../adapters/db.ts";
import { TourSlotRequest } from "../contracts/property-settings.ts";
import { fieldErrors } from "../contracts/widget.ts";
import { formatLocalMoment } from "../core/local-time.ts";

export class SlotRefused extends Error {
  constructor(readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

export interface TourSlot {
  id: string;
  start: string;
  end: string;
  /** "YYYY-MM-DD HH:MM" in the property's zone. */
  local: string;
  durationMinutes: number;
  booked: boolean;
}

interface SlotRow {
  id: string;
  start_at: Date;
  end_at: Date;
  booked: boolean;
}

function toSlot(row: SlotRow, timeZone: string): TourSlot {
  return {
    id: row.id,
    start: row.start_at.toISOString(),
    end: row.end_at.toISOString(),
    local: formatLocalMoment(row.start_at.getTime(), timeZone),
    durationMinutes: Math.round((row.end_at.getTime() - row.start_at.getTime()) / 60_000),
    booked: row.booked,
  };
}

const BOOKED = `exists (select 1 from public.tour_bookings b where b.tour_slot_id = s.id and b.status = 'confirmed')`;

async function zoneOf(tx: Tx, propertyId: string, lock: boolean): Promise<string> {
  const [p] = await tx<{ time_zone: string }[]>`select time_zone from public.properties where id = ${propertyId}
    ${lock ? tx`for update` : tx``}`;
  if (!p) throw new SlotRefused("property_not_found", "No such property.");
  return p.time_zone;
}

/** The property's slots that have not ended, soonest first. */
export async function listTourSlots(tx: Tx, propertyId: string, now: Date): Promise<TourSlot[]> {
  const timeZone = await zoneOf(tx, propertyId, false);
  const rows = await tx<SlotRow[]>`select s.id, s.start_at, s.end_at, ${tx.unsafe(BOOKED)} as booked
    from public.tour_slots s where s.property_id = ${propertyId} and s.end_at > ${now} order by s.start_at`;
  return rows.map((r) => toSlot(r, timeZone));
}

/** Adds a slot; SlotRefused when it is not valid, in the past, or overlaps another. */
export async function addTourSlot(
  tx: Tx,
  propertyId: string,
  request: { start: string; durationMinutes: number },
  now: Date,
): Promise<TourSlot> {
  const parsed = TourSlotRequest.safeParse(request);
  if (!parsed.success) throw new SlotRefused("invalid_input", "The slot is not valid.", fieldErrors(parsed.error));
  // The property's row lock serializes adds, so two cannot both pass the overlap check.
  const timeZone = await zoneOf(tx, propertyId, true);
  const start = new Date(parsed.data.start);
  const end = new Date(start.getTime() + parsed.data.durationMinutes * 60_000);
  if (start.getTime() <= now.getTime()) {
    throw new SlotRefused("slot_in_past", `${formatLocalMoment(start.getTime(), timeZone)} (${timeZone}) has already passed.`);
  }
  const [clash] = await tx<SlotRow[]>`select s.id, s.start_at, s.end_at, false as booked from public.tour_slots s
    where s.property_id = ${propertyId} and s.start_at < ${end} and s.end_at > ${start} order by s.start_at limit 1`;
  if (clash) {
    const other = toSlot(clash, timeZone);
    if (other.start === start.toISOString() && other.end === end.toISOString()) {
      throw new SlotRefused("slot_exists", `there is already a slot at ${other.local} (${other.durationMinutes} min, ${timeZone})`);
    }
    throw new SlotRefused("slot_overlaps", `it overlaps the slot at ${other.local} (${other.durationMinutes} min, ${timeZone})`);
  }
  const [row] = await tx<SlotRow[]>`insert into public.tour_slots (property_id, start_at, end_at)
    values (${propertyId}, ${start}, ${end}) returning id, start_at, end_at, false as booked`;
  return toSlot(row, timeZone);
}

/**
 * Removes the slot starting at `start` (or with id `slotId`). A slot a confirmed tour
 * holds is refused; cancelled tours keep their times and lose the link to the slot.
 */
export async function removeTourSlot(tx: Tx, propertyId: string, which: { start?: Date; slotId?: string }): Promise<TourSlot> {
  const timeZone = await zoneOf(tx, propertyId, true);
  const [row] = await tx<SlotRow[]>`select s.id, s.start_at, s.end_at, ${tx.unsafe(BOOKED)} as booked
    from public.tour_slots s where s.property_id = ${propertyId}
      and ${which.slotId ? tx`s.id::text = ${which.slotId}` : tx`s.start_at = ${which.start ?? null}`}
    for update`;
  if (!row) throw new SlotRefused("slot_not_found", "No slot starts then.");
  const slot = toSlot(row, timeZone);
  if (row.booked) throw new SlotRefused("slot_booked", `the slot at ${slot.local} is booked; cancel that tour first`);
  await tx`update public.tour_bookings set tour_slot_id = null where tour_slot_id = ${row.id}`;
  await tx`delete from public.tour_slots where id = ${row.id}`;
  return slot;
}
