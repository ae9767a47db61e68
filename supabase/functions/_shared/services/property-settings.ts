// Reading and changing a property's rules and contact settings (the PropertySettings
// contract). A change is validated whole before anything is written, and it drops the
// shared free/busy answer in the same transaction, so availability follows at once.
import type { Tx } from "../adapters/db.ts";
import { APPLY_URL_REQUIRED, PropertySettings, type PropertySettingsUpdate } from "../contracts/property-settings.ts";
import { fieldErrors } from "../contracts/widget.ts";
import { managerList, storedManagers } from "../core/managers.ts";
import { dropBusyCache } from "./busy-cache.ts";

export class SettingsRefused extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; "));
  }
}

export interface SettingsRow {
  time_zone: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  manager_email: string | null;
  weekly_hours: Record<string, Array<{ start: string; end: string }>>;
  date_exceptions: Array<{ date: string; closed?: boolean; hours?: Array<{ start: string; end: string }> }>;
  tour_minutes: number;
  slot_interval_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  booking_window_days: number;
  follow_up_email: boolean;
  apply_url: string | null;
}

const COLUMNS = `time_zone, address, phone, email, manager_email, weekly_hours, date_exceptions, tour_minutes,
  slot_interval_minutes, buffer_before_minutes, buffer_after_minutes, min_notice_minutes, booking_window_days,
  follow_up_email, apply_url`;

export function settingsOf(row: SettingsRow): PropertySettings {
  const weekly = row.weekly_hours ?? {};
  return {
    timeZone: row.time_zone,
    address: row.address,
    phone: row.phone,
    email: row.email,
    managers: managerList(row.manager_email),
    weeklyHours: Object.fromEntries(["0", "1", "2", "3", "4", "5", "6"].map((d) => [d, weekly[d] ?? []])) as PropertySettings["weeklyHours"],
    dateExceptions: row.date_exceptions ?? [],
    tourMinutes: row.tour_minutes,
    slotIntervalMinutes: row.slot_interval_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minNoticeMinutes: row.min_notice_minutes,
    bookingWindowDays: row.booking_window_days,
    followUpEmail: row.follow_up_email,
    applyUrl: row.apply_url,
  };
}

/** JSON with object keys sorted (jsonb gives them back in its own order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
}

/** The property's settings; `lock` holds its row until the transaction ends. */
export async function readPropertySettings(tx: Tx, propertyId: string, lock = false): Promise<PropertySettings | null> {
  const [row] = await tx<SettingsRow[]>`select ${tx.unsafe(COLUMNS)} from public.properties
    where id = ${propertyId} ${lock ? tx`for update` : tx``}`;
  return row ? settingsOf(row) : null;
}

export interface SettingsChange {
  before: PropertySettings;
  after: PropertySettings;
  /** The settings whose value changed. */
  changed: Array<keyof PropertySettings>;
}

/**
 * Applies `update` to the property's settings. Refuses (SettingsRefused, one message per
 * field, nothing written) unless the result is valid as a whole.
 */
export async function updatePropertySettings(tx: Tx, propertyId: string, update: PropertySettingsUpdate): Promise<SettingsChange> {
  const before = await readPropertySettings(tx, propertyId, true);
  if (!before) throw new Error(`property ${propertyId} not found`);
  const parsed = PropertySettings.safeParse({ ...before, ...update });
  if (!parsed.success) throw new SettingsRefused(fieldErrors(parsed.error));
  const after = parsed.data;
  if (after.followUpEmail && !after.applyUrl) throw new SettingsRefused({ applyUrl: APPLY_URL_REQUIRED });
  const changed = (Object.keys(after) as Array<keyof PropertySettings>)
    .filter((k) => canonical(after[k]) !== canonical(before[k]));
  if (changed.length === 0) return { before, after, changed };
  await tx`update public.properties set
      time_zone = ${after.timeZone}, address = ${after.address}, phone = ${after.phone}, email = ${after.email},
      manager_email = ${storedManagers(after.managers)},
      weekly_hours = ${tx.json(after.weeklyHours)}, date_exceptions = ${tx.json(after.dateExceptions)},
      tour_minutes = ${after.tourMinutes}, slot_interval_minutes = ${after.slotIntervalMinutes},
      buffer_before_minutes = ${after.bufferBeforeMinutes}, buffer_after_minutes = ${after.bufferAfterMinutes},
      min_notice_minutes = ${after.minNoticeMinutes}, booking_window_days = ${after.bookingWindowDays},
      follow_up_email = ${after.followUpEmail}, apply_url = ${after.applyUrl}
    where id = ${propertyId}`;
  await dropBusyCache(tx, propertyId);
  return { before, after, changed };
}
