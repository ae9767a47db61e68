// The widget's view of the `lumaleasing` Edge Function contracts.
// Mirrors the zod schemas in supabase/functions/_shared/contracts (types only: no zod at runtime).

export type WidgetPosition = "bottom-right" | "bottom-left";

export interface PropertyInfo {
  id: string;
  name: string;
  timezone: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface Faq {
  id: string;
  question: string;
  answer: string;
  keywords: string[];
}

export interface LeasingQuestions {
  moveInDate: boolean;
  bedrooms: boolean;
  pets: boolean;
}

export interface WidgetConfigResponse {
  success: true;
  property: PropertyInfo;
  widget: { greeting: string; brandColor: string; position: WidgetPosition };
  faqs: Faq[];
  leasingQuestions: LeasingQuestions;
  smsConsentText: string;
  bookingWindowDays: number;
}

export interface LeadRequest {
  sessionId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
}

export interface LeadResponse {
  success: true;
  lead: { id: string };
}

export interface Slot {
  /** Property-local wall time, "HH:MM". */
  time: string;
  available: boolean;
  /** The instant, ISO 8601 in UTC. */
  start: string;
}

export interface AvailabilityResponse {
  success: true;
  availableDates: string[];
  slotsByDate: Record<string, Slot[]>;
  timezone: string;
  tourDuration: number;
  source: "google" | "manual";
}

export interface Alternative {
  date: string;
  time: string;
  start: string;
}

export interface BookTourRequest {
  start: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  specialRequests?: string;
  smsConsent: boolean;
  smsConsentText?: string;
  moveInDate?: string;
  /** 0 = studio. */
  bedrooms?: number;
  pets?: string;
  sessionId: string;
  /** Honeypot: the hidden input's value, normally "". */
  website: string;
}

export interface Booking {
  id: string;
  start: string;
  end: string;
  timezone: string;
  status: string;
  manageUrl: string;
}

export interface BookTourResponse {
  success: true;
  booking: Booking;
}

export interface ManagedBooking {
  id: string;
  start: string;
  end: string;
  timezone: string;
  status: string;
  canCancel: boolean;
  canReschedule: boolean;
  propertyName: string;
}

export interface ManageResponse {
  success: true;
  booking: ManagedBooking;
}

export type ApiErrorCode =
  | "calendar_unavailable"
  | "slot_taken"
  | "invalid_input"
  | "invalid_token"
  | "expired"
  | "already_cancelled"
  | "tour_past"
  | "rate_limited"
  | (string & {});

export interface ApiErrorBody {
  success: false;
  error: { code: ApiErrorCode; message: string; fields?: Record<string, string> };
  alternatives?: Alternative[];
  fallback?: { phone?: string | null; email?: string | null };
}
