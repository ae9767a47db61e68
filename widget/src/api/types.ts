// The widget's view of the `lumaleasing` function's contracts: the types come from the
// zod contracts themselves (type-only imports — no zod in the bundle).
import type * as Contract from "../../../supabase/functions/_shared/contracts/widget.ts";

export type WidgetConfigResponse = Contract.WidgetConfigResponse;
export type WidgetPosition = WidgetConfigResponse["widget"]["position"];
export type PropertyInfo = WidgetConfigResponse["property"];
export type Faq = WidgetConfigResponse["faqs"][number];
export type LeasingQuestions = WidgetConfigResponse["leasingQuestions"];
export type LeadRequest = Contract.LeadRequest;
export type LeadResponse = Contract.LeadResponse;
export type Slot = Contract.AvailabilitySlot;
export type AvailabilityResponse = Contract.AvailabilityResponse;
export type Alternative = Contract.Alternative;
/** What the widget sends: the contract's input, with the honeypot always present. */
export type BookTourRequest = Contract.BookingRequestInput & { sessionId: string; website: string };
export type Booking = Required<Contract.BookingSummary>;
export interface BookTourResponse {
  success: true;
  booking: Booking;
}
export type ManagedBooking = Contract.ManagedBooking;
export type ManageResponse = Contract.ManageResponse;

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
