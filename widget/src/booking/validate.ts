// Client-side checks of the booking form; the server re-checks and its 422 `fields` use the same names.
import type { Strings } from "../i18n/index.ts";

export const SPECIAL_REQUESTS_MAX = 1000;

export interface BookingForm {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  smsConsent: boolean;
  specialRequests: string;
  moveInDate: string;
  /** "" = no preference, "0" = studio. */
  bedrooms: string;
  pets: string;
  /** Honeypot. */
  website: string;
}

export type FormField = keyof BookingForm;
export type FieldErrors = Partial<Record<FormField, string>>;

export const emptyForm = (): BookingForm => ({
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  smsConsent: false,
  specialRequests: "",
  moveInDate: "",
  bedrooms: "",
  pets: "",
  website: "",
});

export const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value.trim());

/** 7 to 15 digits, with the usual separators. */
export const isPhone = (value: string): boolean => {
  const digits = value.replace(/\D/g, "");
  return /^[\d\s().+-]+$/.test(value.trim()) && digits.length >= 7 && digits.length <= 15;
};

export function validateField(field: FormField, form: BookingForm, t: Strings): string | undefined {
  const value = form[field];
  switch (field) {
    case "firstName":
    case "lastName":
      return String(value).trim() ? undefined : t.required[field];
    case "email":
      return !form.email.trim() ? t.required.email : isEmail(form.email) ? undefined : t.emailInvalid;
    case "phone":
      return form.phone.trim() && !isPhone(form.phone) ? t.phoneInvalid : undefined;
    case "smsConsent":
      return form.smsConsent && !form.phone.trim() ? t.smsNeedsPhone : undefined;
    case "specialRequests":
      return form.specialRequests.length > SPECIAL_REQUESTS_MAX ? t.tooLong(SPECIAL_REQUESTS_MAX) : undefined;
    default:
      return undefined;
  }
}

export const VALIDATED_FIELDS: FormField[] = ["firstName", "lastName", "email", "phone", "smsConsent", "specialRequests"];

export function validateForm(form: BookingForm, t: Strings): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of VALIDATED_FIELDS) {
    const message = validateField(field, form, t);
    if (message) errors[field] = message;
  }
  return errors;
}
