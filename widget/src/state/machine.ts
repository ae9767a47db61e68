// The widget's modes as a small explicit state machine. Pure: the store performs the I/O
// and feeds results in as events. An event a state does not accept leaves it unchanged
// (the very same object), so callers and tests can tell a no-op from a move.
import type { Booking } from "../api/types.ts";

export type ModeState =
  | { mode: "chat" }
  | { mode: "calendar"; purpose: "book" | "reschedule" }
  | { mode: "confirmation"; start: string }
  | { mode: "success"; booking: Booking }
  | { mode: "manage"; step: "view" | "confirmCancel" | "confirmReschedule"; start?: string };

export type Mode = ModeState["mode"];

export type ModeEvent =
  | { type: "START_BOOKING" }
  | { type: "PICK_SLOT"; start: string }
  | { type: "BACK" }
  | { type: "BOOKED"; booking: Booking }
  | { type: "BACK_TO_CHAT" }
  | { type: "OPEN_MANAGE" }
  | { type: "START_RESCHEDULE" }
  | { type: "ASK_CANCEL" }
  | { type: "MANAGE_DONE" };

export const initialState: ModeState = { mode: "chat" };

export function transition(state: ModeState, event: ModeEvent): ModeState {
  // A manage link can arrive at any time and wins over whatever was on screen.
  if (event.type === "OPEN_MANAGE") return { mode: "manage", step: "view" };
  switch (state.mode) {
    case "chat":
      return event.type === "START_BOOKING" ? { mode: "calendar", purpose: "book" } : state;

    case "calendar":
      if (event.type === "PICK_SLOT") {
        return state.purpose === "book"
          ? { mode: "confirmation", start: event.start }
          : { mode: "manage", step: "confirmReschedule", start: event.start };
      }
      if (event.type === "BACK") return state.purpose === "book" ? { mode: "chat" } : { mode: "manage", step: "view" };
      return event.type === "BACK_TO_CHAT" ? { mode: "chat" } : state;

    case "confirmation":
      if (event.type === "BACK") return { mode: "calendar", purpose: "book" };
      if (event.type === "PICK_SLOT") return { mode: "confirmation", start: event.start }; // a 409 alternative
      if (event.type === "BOOKED") return { mode: "success", booking: event.booking };
      return event.type === "BACK_TO_CHAT" ? { mode: "chat" } : state;

    case "success":
      if (event.type === "START_BOOKING") return { mode: "calendar", purpose: "book" };
      return event.type === "BACK_TO_CHAT" ? { mode: "chat" } : state;

    case "manage":
      if (event.type === "BACK_TO_CHAT") return { mode: "chat" };
      if (state.step === "view") {
        if (event.type === "START_RESCHEDULE") return { mode: "calendar", purpose: "reschedule" };
        return event.type === "ASK_CANCEL" ? { mode: "manage", step: "confirmCancel" } : state;
      }
      if (event.type === "MANAGE_DONE") return { mode: "manage", step: "view" };
      if (state.step === "confirmReschedule") {
        if (event.type === "PICK_SLOT") return { mode: "manage", step: "confirmReschedule", start: event.start };
        if (event.type === "BACK") return { mode: "calendar", purpose: "reschedule" };
        return state;
      }
      return event.type === "BACK" ? { mode: "manage", step: "view" } : state;
  }
}

/** Whether the header's Back button has somewhere to go. */
export const canGoBack = (state: ModeState): boolean => transition(state, { type: "BACK" }) !== state;
