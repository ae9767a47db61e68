// The property's rules from the WordPress settings page (site secret): read, change, and
// preview the slots prospects will see.
import { withProperty } from "../_shared/adapters/db.ts";
import { apiError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { AdminSettingsUpdate, PreviewQuery } from "../_shared/contracts/admin-settings.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { readAdminSettings, updateAdminSettings } from "../_shared/services/admin-settings.ts";
import { loadSchedule, ScheduleUnavailableError } from "../_shared/services/availability.ts";
import { deps } from "../_shared/services/deps.ts";
import { SettingsRefused } from "../_shared/services/property-settings.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";

const refused = (fields: Record<string, string>) =>
  apiError(422, "invalid_input", "Some settings need another look.", { error: { fields } });

/** GET admin/settings. */
export async function getSettings({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const settings = await withProperty(propertyId, (tx) => readAdminSettings(tx, propertyId), d.sql);
  return json(200, { success: true, settings }, { "cache-control": "no-store" });
}

/** POST admin/settings: changes what it is given; 422 with every bad field, nothing written. */
export async function postSettings({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = AdminSettingsUpdate.safeParse(await readJson(req));
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  try {
    const result = await withProperty(propertyId, (tx) => updateAdminSettings(tx, propertyId, parsed.data), d.sql);
    return json(200, { success: true, ...result });
  } catch (err) {
    if (err instanceof SettingsRefused) return refused(err.fields);
    throw err;
  }
}

/** GET admin/settings/preview?days=7: the slots prospects see from today, per local date. */
export async function previewSettings({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = PreviewQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return apiError(400, "invalid_range", Object.values(fieldErrors(parsed.error))[0], { error: { fields: fieldErrors(parsed.error) } });
  try {
    const schedule = await loadSchedule(d, propertyId, { days: parsed.data.days });
    return json(200, {
      success: true,
      timezone: schedule.property.timeZone,
      source: schedule.source,
      days: schedule.days.map((day) => ({ date: day.date, times: day.slots.map((s) => s.time) })),
    }, { "cache-control": "no-store" });
  } catch (err) {
    if (err instanceof ScheduleUnavailableError) {
      return apiError(503, "calendar_unavailable", "The calendars could not be read just now, so the preview is not available.");
    }
    throw err;
  }
}
