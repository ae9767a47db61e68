// Where a property's site keeps its pages: the page that opens the manage link in emails
// (properties.site_url) and the settings page the alerts link to (properties.admin_url).
// Both must be on an origin one of the property's live widget keys allows.
import type { Tx } from "../adapters/db.ts";
import type { SitePagesRequest } from "../contracts/admin.ts";

export class SitePagesRefused extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(" "));
  }
}

/** Stores the pages, or refuses (nothing written) when one is off the allowed origins. */
export async function saveSitePages(tx: Tx, propertyId: string, pages: SitePagesRequest): Promise<{ origins: string[] }> {
  const rows = await tx<{ allowed_origins: string[] }[]>`select allowed_origins from public.widget_keys
    where property_id = ${propertyId} and revoked_at is null`;
  const origins = [...new Set(rows.flatMap((r) => r.allowed_origins))];
  const fields: Record<string, string> = {};
  for (const name of ["managePageUrl", "settingsPageUrl"] as const) {
    if (!origins.includes(new URL(pages[name]).origin)) {
      fields[name] = `${name} must be on one of the site's allowed origins (${origins.join(", ") || "none"}).`;
    }
  }
  if (Object.keys(fields).length) throw new SitePagesRefused(fields);
  await tx`update public.properties set site_url = ${pages.managePageUrl}, admin_url = ${pages.settingsPageUrl}
    where id = ${propertyId}`;
  return { origins };
}
