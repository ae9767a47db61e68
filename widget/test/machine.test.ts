import { describe, expect, it } from "vitest";
import { canGoBack, initialState, transition, type ModeEvent, type ModeState } from "../src/state/machine.ts";
import { BOOKING } from "./fakeBackend.ts";

const START = "2026-12-01T20:00:00.000Z";
const OTHER = "2026-12-04T17:00:00.000Z";

const states: Record<string, ModeState> = {
  chat: { mode: "chat" },
  calendarBook: { mode: "calendar", purpose: "book" },
  calendarReschedule: { mode: "calendar", purpose: "reschedule" },
  confirmation: { mode: "confirmation", start: START },
  success: { mode: "success", booking: BOOKING },
  manageView: { mode: "manage", step: "view" },
  manageCancel: { mode: "manage", step: "confirmCancel" },
  manageReschedule: { mode: "manage", step: "confirmReschedule", start: START },
};

describe("mode state machine", () => {
  it("starts in chat", () => {
    expect(initialState).toEqual({ mode: "chat" });
  });

  const moves: [string, ModeEvent, ModeState][] = [
    ["chat", { type: "START_BOOKING" }, { mode: "calendar", purpose: "book" }],
    ["calendarBook", { type: "PICK_SLOT", start: START }, { mode: "confirmation", start: START }],
    ["calendarBook", { type: "BACK" }, { mode: "chat" }],
    ["confirmation", { type: "BACK" }, { mode: "calendar", purpose: "book" }],
    ["confirmation", { type: "PICK_SLOT", start: OTHER }, { mode: "confirmation", start: OTHER }],
    ["confirmation", { type: "BOOKED", booking: BOOKING }, { mode: "success", booking: BOOKING }],
    ["success", { type: "START_BOOKING" }, { mode: "calendar", purpose: "book" }],
    ["success", { type: "BACK_TO_CHAT" }, { mode: "chat" }],
    ["chat", { type: "OPEN_MANAGE" }, { mode: "manage", step: "view" }],
    ["confirmation", { type: "OPEN_MANAGE" }, { mode: "manage", step: "view" }],
    ["manageView", { type: "ASK_CANCEL" }, { mode: "manage", step: "confirmCancel" }],
    ["manageCancel", { type: "BACK" }, { mode: "manage", step: "view" }],
    ["manageCancel", { type: "MANAGE_DONE" }, { mode: "manage", step: "view" }],
    ["manageView", { type: "START_RESCHEDULE" }, { mode: "calendar", purpose: "reschedule" }],
    ["calendarReschedule", { type: "PICK_SLOT", start: START }, { mode: "manage", step: "confirmReschedule", start: START }],
    ["calendarReschedule", { type: "BACK" }, { mode: "manage", step: "view" }],
    ["manageReschedule", { type: "BACK" }, { mode: "calendar", purpose: "reschedule" }],
    ["manageReschedule", { type: "PICK_SLOT", start: OTHER }, { mode: "manage", step: "confirmReschedule", start: OTHER }],
    ["manageReschedule", { type: "MANAGE_DONE" }, { mode: "manage", step: "view" }],
    ["manageView", { type: "BACK_TO_CHAT" }, { mode: "chat" }],
  ];

  it.each(moves)("%s --%o--> next state", (from, event, expected) => {
    expect(transition(states[from], event)).toEqual(expected);
  });

  const ignored: [string, ModeEvent][] = [
    ["chat", { type: "BACK" }],
    ["chat", { type: "PICK_SLOT", start: START }],
    ["chat", { type: "BOOKED", booking: BOOKING }],
    ["calendarBook", { type: "BOOKED", booking: BOOKING }],
    ["confirmation", { type: "START_BOOKING" }],
    ["success", { type: "BACK" }],
    ["success", { type: "PICK_SLOT", start: START }],
    ["manageView", { type: "BACK" }],
    ["manageView", { type: "MANAGE_DONE" }],
    ["manageCancel", { type: "START_RESCHEDULE" }],
    ["manageCancel", { type: "PICK_SLOT", start: START }],
  ];

  it.each(ignored)("%s ignores %o (returns the same object)", (from, event) => {
    expect(transition(states[from], event)).toBe(states[from]);
  });

  it("offers Back exactly where a BACK transition exists", () => {
    const withBack = Object.entries(states).filter(([, s]) => canGoBack(s)).map(([name]) => name);
    expect(withBack.sort()).toEqual(["calendarBook", "calendarReschedule", "confirmation", "manageCancel", "manageReschedule"]);
  });
});
