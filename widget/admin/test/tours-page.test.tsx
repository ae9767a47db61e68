/** @jsxImportSource preact */
// Admin → Tours: the model (zone, colours, events, counts, history words) and the list,
// the tour's detail with its actions, the phone booking and the deep link, on a fake API.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api.ts";
import type { ToursApi } from "../tours-page/api.ts";
import { ToursApp } from "../tours-page/app.tsx";
import {
  agentColors,
  contrastRatio,
  countByStatus,
  describeEntry,
  initialMonthRange,
  monthEvents,
  PALETTE,
  toEvents,
  UNASSIGNED,
  viewRange,
  wallIso,
} from "../tours-page/model.ts";
import type { Agent, TourDetail, TourRow, ToursConfig } from "../tours-page/types.ts";

afterEach(cleanup);

const ZONE = "America/Chicago";
const NOW = new Date("2026-12-01T16:00:00Z"); // 10:00 in Chicago
const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const agents: Agent[] = [
  { id: A, accountEmail: "pm@example.com", tokenStatus: "healthy" },
  { id: B, accountEmail: "agent2@example.com", tokenStatus: "healthy" },
];

function row(over: Partial<TourRow> & { id: string }): TourRow {
  // The backend gives each row its local date and time: derived here from the start when not given.
  if (over.start && !over.localDate) {
    const wall = wallIso(over.start, ZONE);
    over = { ...over, localDate: wall.slice(0, 10), localTime: wall.slice(11, 16) };
  }
  return {
    start: "2026-12-03T16:00:00Z",
    end: "2026-12-03T16:30:00Z",
    localDate: "2026-12-03",
    localTime: "10:00",
    status: "confirmed",
    source: "widget",
    prospectName: "Ana Diaz",
    prospectEmail: "ana@example.com",
    prospectPhone: null,
    agent: { calendarId: A, email: "pm@example.com", name: null },
    outcomeNeeded: false,
    ...over,
  };
}

const rows: TourRow[] = [
  row({ id: "t1" }),
  row({ id: "t2", prospectName: "Ben Cole", status: "cancelled", agent: { calendarId: B, email: "agent2@example.com", name: null } }),
  row({ id: "t3", prospectName: "Cy Dunn", start: "2026-11-20T16:00:00Z", end: "2026-11-20T16:30:00Z", localDate: "2026-11-20", outcomeNeeded: true }),
  row({ id: "t4", prospectName: "Di Eck", status: "completed", source: "phone", agent: null }),
];

const detail: TourDetail = {
  timezone: ZONE,
  tour: {
    id: "t1",
    start: "2026-12-03T16:00:00Z",
    end: "2026-12-03T16:30:00Z",
    status: "confirmed",
    source: "phone",
    outcomeNeeded: false,
    prospect: {
      firstName: "Ana",
      lastName: "Diaz",
      email: "ana@example.com",
      phone: "+13125550110",
      language: "es",
      answers: { moveInDate: "2027-01-15", bedrooms: 2, pets: "one cat", specialRequests: "Ground floor" },
      smsConsent: { given: true, at: "2026-11-30T15:00:00Z", text: "Texts about your tour. Reply STOP to opt out." },
    },
    agent: { calendarId: A, email: "pm@example.com", name: null },
  },
  history: [
    { at: "2026-11-30T15:00:00Z", event: "booked", actor: "office", by: { wpUserId: "1", wpUserName: "Lena Office" }, details: { source: "phone" } },
    { at: "2026-11-30T15:00:05Z", event: "email", actor: "system", by: null, details: { template: "tour_confirmed", delivery: "sent" } },
    { at: "2026-11-30T15:01:00Z", event: "note", actor: "office", by: { wpUserId: "1", wpUserName: "Lena Office" }, details: { text: "Asked about parking" } },
  ],
};

const config: ToursConfig = {
  restUrl: "http://wp.test/wp-json/lumaleasing/v1/",
  nonce: "n",
  connected: true,
  propertyName: "Luma Heights",
  timezone: ZONE,
  tourId: "",
  pageUrl: "http://wp.test/wp-admin/admin.php?page=lumaleasing-tours",
  settingsUrl: "",
  userName: "Lena Office",
};

function fakeApi(over: Partial<ToursApi> = {}): ToursApi {
  return {
    list: vi.fn(async () => ({ timezone: ZONE, capped: false, limit: 5000, tours: rows })),
    detail: vi.fn(async () => detail),
    slots: vi.fn(async () => ({
      timezone: ZONE,
      days: [{ date: "2026-12-04", slots: [
        { time: "09:00", start: "2026-12-04T15:00:00Z", end: "2026-12-04T15:30:00Z", agentCalendarIds: [A, B] },
        { time: "09:30", start: "2026-12-04T15:30:00Z", end: "2026-12-04T16:00:00Z", agentCalendarIds: [B] },
      ] }],
    })),
    agents: vi.fn(async () => agents),
    book: vi.fn(async () => ({ id: "t9" })),
    act: vi.fn(async () => {}),
    ...over,
  };
}

describe("model", () => {
  it("gives each agent a stable, distinct colour with AA contrast for white text", () => {
    for (const color of [...PALETTE, UNASSIGNED]) expect(contrastRatio(color, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    const ids = Array.from({ length: 8 }, (_, i) => `${i}aaaaaaa-0000-4000-8000-000000000000`);
    const one = agentColors(ids);
    const two = agentColors([...ids].reverse());
    expect([...one.entries()].sort()).toEqual([...two.entries()].sort());
    expect(new Set(one.values()).size).toBe(8);
    console.log(`  ${PALETTE.length} colours ≥ 4.5:1 on white (lowest ${Math.min(...PALETTE.map((c) => contrastRatio(c, "#ffffff"))).toFixed(2)}); 8 agents → 8 colours, order-independent`);
  });

  it("puts tours on the property's wall clock across a DST change and flags cancelled and outcome-needed tours", () => {
    expect(wallIso("2026-11-01T06:30:00Z", ZONE)).toBe("2026-11-01T01:30:00"); // CDT
    expect(wallIso("2026-11-01T07:30:00Z", ZONE)).toBe("2026-11-01T01:30:00"); // CST: the repeated hour
    expect(wallIso("2026-12-03T16:00:00Z", "Asia/Tokyo")).toBe("2026-12-04T01:00:00");
    expect(viewRange(new Date("2026-11-29T00:00:00Z"), new Date("2027-01-10T00:00:00Z"))).toEqual({ from: "2026-11-29", to: "2027-01-09" });
    const events = toEvents(rows, agentColors([A, B]), ZONE);
    expect(events[0]).toMatchObject({ start: "2026-12-03T10:00:00", textColor: "#ffffff", title: "Ana Diaz" });
    expect(events[1].classNames).toContain("ll-cancelled");
    expect(events[1].backgroundColor).toBe("#ffffff");
    expect(events[1].title).toContain("cancelled");
    expect(events[2].title.startsWith("! ")).toBe(true);
    expect(events[3].backgroundColor).toBe(UNASSIGNED);
    expect(countByStatus(rows)).toEqual({ all: 4, confirmed: 2, outcome_needed: 1, completed: 1, no_show: 0, cancelled: 1 });
    console.log("  1:30 CDT and CST both 01:30 wall; cancelled hollow + struck, outcome needed flagged !, unassigned grey; counts per status");
  });

  it("summarises a busy month: each day's first three tours, then one \"+N more\" that opens the day", () => {
    const busy = Array.from({ length: 70 }, (_, i) =>
      row({ id: `b${i}`, start: new Date(Date.parse("2026-12-03T13:00:00Z") + i * 600_000).toISOString(), end: "2026-12-03T23:00:00Z" }));
    const quiet = [row({ id: "q1", start: "2026-12-04T16:00:00Z" }), row({ id: "q2", start: "2026-12-04T17:00:00Z" }), row({ id: "q3", start: "2026-12-04T18:00:00Z" }), row({ id: "q4", start: "2026-12-04T19:00:00Z" })];
    const events = monthEvents([...busy, ...quiet], agentColors([A]), ZONE);
    const dec3 = events.filter((e) => e.start.startsWith("2026-12-03"));
    expect(dec3.map((e) => e.id)).toEqual(["b0", "b1", "b2", "more:2026-12-03"]);
    expect(dec3[3].title).toBe("+67 more");
    expect(events.filter((e) => e.start.startsWith("2026-12-04")).map((e) => e.id)).toEqual(["q1", "q2", "q3", "q4"]); // 4 fit: no "+1 more"
    // The backend's perDay answer: the rows are each day's first ones, dayTotals counts the rest.
    const fromServer = monthEvents(busy.slice(0, 3), agentColors([A]), ZONE, { "2026-12-03": 70 });
    expect(fromServer.map((e) => e.title)).toEqual(["Ana Diaz", "Ana Diaz", "Ana Diaz", "+67 more"]);
    expect(initialMonthRange("2026-12-17")).toEqual({ from: "2026-11-29", to: "2027-01-09" });
    console.log(`  70 tours on one day → 3 events + "+67 more" (also from the backend's dayTotals); 4 on another → all 4; ${events.length} events for 74 tours; December's view from 2026-11-29`);
  });

  it("says who did what in the history", () => {
    expect(describeEntry(detail.history[1], ZONE)).toEqual({ title: "Email: Confirmation", detail: "sent" });
    expect(describeEntry({ at: "", event: "reassigned", actor: "office", by: null, details: { from: A, to: B } }, ZONE, agents).detail)
      .toBe("From pm@example.com to agent2@example.com");
    expect(describeEntry({ at: "", event: "cancelled", actor: "calendar", by: null, details: {} }, ZONE).title).toBe("Cancelled");
    console.log("  email with delivery state, reassign with both agents, cancel from Google");
  });
});

describe("Tours page", () => {
  it("lists tours with status counts, filters by status and searches", async () => {
    const api = fakeApi();
    render(<ToursApp config={config} api={api} now={() => NOW} />);
    fireEvent.click(screen.getByRole("tab", { name: "List" }));
    const table = await screen.findByRole("table");
    await within(table).findByText("Ana Diaz");
    expect(screen.getByRole("link", { name: /Outcome needed \(1\)/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("link", { name: /Cancelled \(1\)/ }));
    expect(within(table).queryByText("Ana Diaz")).toBeNull();
    expect(within(table).getByText("Ben Cole")).toBeTruthy();
    fireEvent.input(screen.getByLabelText("Search tours:"), { target: { value: "ben" } });
    fireEvent.click(screen.getByRole("button", { name: "Search tours" }));
    await waitFor(() => expect(api.list).toHaveBeenLastCalledWith({ from: "2026-12-01", to: "2026-12-31", agent: "", source: "", q: "ben" }));
    fireEvent.input(screen.getByLabelText("To"), { target: { value: "2027-06-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    expect(await screen.findByText("Show at most 100 days at a time.")).toBeTruthy();
    expect(api.list).toHaveBeenCalledTimes(2);
    console.log("  List: counts All 4 / Outcome needed 1 / Cancelled 1; the Cancelled link shows only Ben; search sends q; 152 days refused before asking");
  });

  it("opens a tour from a deep link with its prospect, answers, consent and history; Escape closes", async () => {
    const api = fakeApi();
    const setTourParam = vi.fn();
    render(<ToursApp config={{ ...config, tourId: "t1" }} api={api} now={() => NOW} setTourParam={setTourParam} />);
    const dialog = await screen.findByRole("dialog", { name: "Ana Diaz" });
    await within(dialog).findByText("Ground floor");
    expect(within(dialog).getByText("+13125550110")).toBeTruthy();
    expect(within(dialog).getByText("Texts about your tour. Reply STOP to opt out.")).toBeTruthy();
    expect(within(dialog).getByText("Asked about parking")).toBeTruthy();
    expect(within(dialog).getAllByText("by Lena Office")).toHaveLength(2);
    expect(document.activeElement?.textContent).toBe("Ana Diaz");
    expect(within(dialog).queryByRole("button", { name: "Attended" })).toBeNull();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(setTourParam).toHaveBeenCalledWith("");
    console.log("  ?tour=t1 opens the dialog (focus on its heading): answers, phone, consent text, note, 'by Lena Office'; no outcome before the start; Escape closes");
  });

  it("adds a note, shows a 422 at its field and a 409 slot_taken's alternatives", async () => {
    const act = vi.fn()
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new ApiError("lumaleasing_invalid_input", "Check the message.", 422, { message: "Keep the message under 1,000 characters." }))
      .mockRejectedValueOnce(new ApiError("lumaleasing_slot_taken", "That time is not free.", 409, {}, {
        alternatives: [{ start: "2026-12-04T16:00:00Z", time: "10:00", date: "2026-12-04" }],
      }))
      .mockResolvedValueOnce(undefined);
    const api = fakeApi({ act });
    render(<ToursApp config={{ ...config, tourId: "t1" }} api={api} now={() => NOW} setTourParam={() => {}} />);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByText("Ground floor");
    fireEvent.input(within(dialog).getByLabelText("Note (never sent to the prospect)"), { target: { value: "Wants a parking spot" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add note" }));
    await screen.findByText("Note added.");
    expect(act).toHaveBeenNthCalledWith(1, "t1", "notes", { text: "Wants a parking spot" });

    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel tour" }));
    fireEvent.input(within(dialog).getByLabelText(/Message to the prospect/), { target: { value: "x" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel this tour" }));
    expect(await within(dialog).findByText("Keep the message under 1,000 characters.")).toBeTruthy();
    expect(within(dialog).getByLabelText(/Message to the prospect/).getAttribute("aria-invalid")).toBe("true");

    fireEvent.click(within(dialog).getByRole("button", { name: "Reschedule" }));
    const time = await within(dialog).findByLabelText("Time");
    expect([...(time as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["Choose a time", "09:00"]); // 09:30 is not this agent's
    fireEvent.change(time, { target: { value: "2026-12-04T15:00:00Z" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Move tour" }));
    const alt = await within(dialog).findByRole("button", { name: /Move to Fri, Dec 4, 10:00/ });
    expect(within(dialog).getByRole("alert").textContent).toContain("That time is not free.");
    fireEvent.click(alt);
    await screen.findByText("Tour rescheduled.");
    expect(act).toHaveBeenLastCalledWith("t1", "reschedule", { start: "2026-12-04T16:00:00Z" });
    console.log("  note → notice; 422 message at its field (aria-invalid); reschedule offers only the agent's slots; 409 → alternative taken in one click");
  });

  it("books a phone caller into a free slot and opens the new tour", async () => {
    const api = fakeApi();
    render(<ToursApp config={config} api={api} now={() => NOW} setTourParam={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Book a tour" }));
    const dialog = await screen.findByRole("dialog", { name: "Book a tour" });
    const time = await within(dialog).findByLabelText("Time");
    fireEvent.change(time, { target: { value: "2026-12-04T15:30:00Z" } });
    fireEvent.input(within(dialog).getByLabelText("First name"), { target: { value: "Cal" } });
    fireEvent.input(within(dialog).getByLabelText("Last name"), { target: { value: "Ler" } });
    fireEvent.input(within(dialog).getByLabelText("Email"), { target: { value: "cal@example.com" } });
    fireEvent.click(within(dialog).getByLabelText("Walked in"));
    fireEvent.click(within(dialog).getByRole("button", { name: "Book tour" }));
    await screen.findByText(/Tour booked for Cal Ler on Fri, Dec 4, 9:30/);
    expect(api.book).toHaveBeenCalledWith({ start: "2026-12-04T15:30:00Z", firstName: "Cal", lastName: "Ler", email: "cal@example.com", source: "walk_in" });
    await waitFor(() => expect(api.detail).toHaveBeenCalledWith("t9"));
    console.log("  Book a tour: slot + name + email, walk-in → api.book with those fields only; notice; the new tour opens");
  });
});
