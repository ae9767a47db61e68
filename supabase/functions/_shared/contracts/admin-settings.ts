// The property's rules as the WordPress settings page edits them: everything the operator
// CLI edits (PropertySettings) plus what the widget asks and says — the default language,
// which leasing questions it asks, and the SMS consent text.
import { z } from "zod";
import { LANGUAGES } from "../core/language.ts";
import { PropertySettings } from "./property-settings.ts";
import { text } from "./text.ts";

export const WidgetSettings = z.object({
  defaultLanguage: z.enum(LANGUAGES, { error: "Choose English (en) or Spanish (es)." }),
  leasingQuestions: z.object({ moveInDate: z.boolean(), bedrooms: z.boolean(), pets: z.boolean() }).strict(),
  smsConsentText: text().trim().min(20, "Say what the texts are for, in at least 20 characters.")
    .max(500, "Keep the consent text under 500 characters.")
    .refine((t) => /stop/i.test(t), "Say how to stop the texts (for example: Reply STOP to opt out)."),
}).strict();
export type WidgetSettings = z.infer<typeof WidgetSettings>;

export const AdminSettings = PropertySettings.extend(WidgetSettings.shape).strict();
export type AdminSettings = z.infer<typeof AdminSettings>;

/** POST admin/settings: any of the settings, nothing else. */
export const AdminSettingsUpdate = AdminSettings.partial().strict();
export type AdminSettingsUpdate = z.input<typeof AdminSettingsUpdate>;

/** GET admin/settings/preview?days=7. */
export const PreviewQuery = z.object({
  days: z.coerce.number({ error: "days must be a number from 1 to 14." }).int("days must be a whole number.")
    .min(1, "days must be from 1 to 14.").max(14, "days must be from 1 to 14.").default(7),
});
