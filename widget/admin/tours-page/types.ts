// What the Tours page reads from the plugin's lumaleasing/v1/office routes.

export interface ToursConfig {
  restUrl: string;
  nonce: string;
  connected: boolean;
  propertyName: string;
  timezone: string;
  /** A tour to open at once (admin.php?page=lumaleasing-tours&tour=<id>), or "". */
  tourId: string;
  pageUrl: string;
  /** The settings page, for those who may open it; "" otherwise. */
  settingsUrl: string;
  userName: string;
}

export type TourStatus = "confirmed" | "cancelled" | "completed" | "no_show";
export type StatusFilter = TourStatus | "outcome_needed";
export type TourSource = "widget" | "phone" | "walk_in" | "admin" | "google";

export interface AgentRef {
  calendarId: string;
  email: string;
  name: string | null;
}

export interface TourRow {
  id: string;
  start: string;
  end: string;
  localDate: string;
  localTime: string;
  status: TourStatus;
  source: string;
  prospectName: string;
  prospectEmail: string;
  prospectPhone: string | null;
  agent: AgentRef | null;
  outcomeNeeded: boolean;
}

export interface TourList {
  timezone: string;
  capped: boolean;
  limit: number;
  tours: TourRow[];
  /** With perDay: each local day's number of tours (the list holds only its first perDay). */
  dayTotals?: Record<string, number>;
}

export interface ListQuery {
  from: string;
  to: string;
  agent?: string;
  source?: string;
  q?: string;
  /** Only each day's first tours (the calendar's month), with dayTotals. */
  perDay?: number;
}

export interface HistoryEntry {
  at: string;
  event: "booked" | "rescheduled" | "cancelled" | "outcome" | "reassigned" | "note" | "email" | "sms";
  actor: "prospect" | "office" | "calendar" | "system";
  by: { wpUserId: string; wpUserName: string | null } | null;
  details: Record<string, unknown>;
}

export interface TourDetail {
  timezone: string;
  tour: {
    id: string;
    start: string;
    end: string;
    status: TourStatus;
    source: string;
    outcomeNeeded: boolean;
    prospect: {
      firstName: string;
      lastName: string;
      email: string;
      phone: string | null;
      language: string | null;
      answers: { moveInDate: string | null; bedrooms: number | null; pets: string | null; specialRequests: string | null };
      smsConsent: { given: boolean; at: string | null; text: string | null };
    };
    agent: AgentRef | null;
  };
  history: HistoryEntry[];
}

export interface Slot {
  time: string;
  start: string;
  end: string;
  agentCalendarIds: string[];
}

export interface SlotDay {
  date: string;
  slots: Slot[];
}

export interface Agent {
  id: string;
  accountEmail: string;
  tokenStatus: string;
}

/** One of the three next open times a 409 slot_taken offers. */
export interface Alternative {
  start: string;
  time?: string;
  date?: string;
}

export type TourAction = "outcome" | "cancel" | "reschedule" | "reassign" | "notes";

export interface BookingInput {
  start: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  source: "phone" | "walk_in";
  specialRequests?: string;
}
