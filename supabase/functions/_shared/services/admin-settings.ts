// The settings page's rules: the CLI's PropertySettings (through its own service, which also
// drops the shared free/busy answer) plus the widget's settings, read and changed together.
// A change is validated whole — every bad field reported at once — before anything is kept.
import type { Tx } from "../adapters/db.ts";
import { type AdminSettings, type AdminSettingsUpdate, WidgetSettings } from "../contracts/admin-settings.ts";
import type { PropertySettingsUpdate } from "../contracts/property-settings.ts";
import { fieldErrors } from "../contracts/widget.ts";
import { languageOf } from "../core/language.ts";
import { readPropertySettings, SettingsRefused, updatePropertySettings } from "./property-settings.ts";

const WIDGET_KEYS = Object.keys(WidgetSettings.shape) as Array<keyof WidgetSettings>;

async function readWidgetSettings(tx: Tx, propertyId: string): Promise<WidgetSettings> {
  const [row] = await tx<{ default_language: string; leasing_questions: Partial<WidgetSettings["leasingQuestions"]> | null; sms_consent_text: string }[]>`
    select default_language, leasing_questions, sms_consent_text from public.properties where id = ${propertyId}`;
  return {
    defaultLanguage: languageOf(row.default_language),
    leasingQuestions: { moveInDate: true, bedrooms: true, pets: true, ...row.leasing_questions },
    smsConsentText: row.sms_consent_text,
  };
}

export async function readAdminSettings(tx: Tx, propertyId: string): Promise<AdminSettings | null> {
  const rules = await readPropertySettings(tx, propertyId);
  if (!rules) return null;
  return { ...rules, ...await readWidgetSettings(tx, propertyId) };
}

/** Applies the change (SettingsRefused with every field's message, nothing written, otherwise). */
export async function updateAdminSettings(
  tx: Tx,
  propertyId: string,
  update: AdminSettingsUpdate,
): Promise<{ settings: AdminSettings; changed: string[] }> {
  const widgetPart: Record<string, unknown> = {};
  const rulesPart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(update)) (WIDGET_KEYS.includes(k as keyof WidgetSettings) ? widgetPart : rulesPart)[k] = v;

  const widgetBefore = await readWidgetSettings(tx, propertyId);
  const widget = WidgetSettings.safeParse({ ...widgetBefore, ...widgetPart });
  let errors: Record<string, string> = widget.success ? {} : fieldErrors(widget.error);
  let changed: string[] = [];
  try {
    // Inside the caller's transaction: a refusal below rolls this back too.
    changed = (await updatePropertySettings(tx, propertyId, rulesPart as PropertySettingsUpdate)).changed;
  } catch (err) {
    if (!(err instanceof SettingsRefused)) throw err;
    errors = { ...err.fields, ...errors };
  }
  if (Object.keys(errors).length || !widget.success) throw new SettingsRefused(errors);
  const w = widget.data;
  changed.push(...WIDGET_KEYS.filter((k) => JSON.stringify(w[k]) !== JSON.stringify(widgetBefore[k])));
  if (WIDGET_KEYS.some((k) => changed.includes(k))) {
    await tx`update public.properties set default_language = ${w.defaultLanguage},
        leasing_questions = ${tx.json(w.leasingQuestions)}, sms_consent_text = ${w.smsConsentText}
      where id = ${propertyId}`;
  }
  return { settings: (await readAdminSettings(tx, propertyId))!, changed };
}
