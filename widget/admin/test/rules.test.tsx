/** @jsxImportSource preact */
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api.ts";
import { createRulesApi, type Rules, type RulesApi } from "../rules-api.ts";
import { RulesSection } from "../rules.tsx";

afterEach(cleanup);

const rules: Rules = {
  timeZone: "America/Chicago",
  address: "100 Main St",
  phone: "+13125550100",
  email: "leasing@example.com",
  managers: ["pm@example.com"],
  weeklyHours: {
    "0": [],
    "1": [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }],
    "2": [{ start: "09:00", end: "18:00" }],
    "3": [{ start: "09:00", end: "18:00" }],
    "4": [{ start: "09:00", end: "18:00" }],
    "5": [{ start: "09:00", end: "18:00" }],
    "6": [],
  },
  dateExceptions: [{ date: "2026-12-25", closed: true }],
  tourMinutes: 30,
  slotIntervalMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minNoticeMinutes: 120,
  bookingWindowDays: 14,
  defaultLanguage: "en",
  leasingQuestions: { moveInDate: true, bedrooms: true, pets: true },
  smsConsentText: "Text me tour confirmations and reminders. Reply STOP to opt out.",
  followUpEmail: false,
  applyUrl: null,
};

function fakeApi(opts: { refuse?: ApiError } = {}): RulesApi & { saved: Array<Partial<Rules>> } {
  const saved: Array<Partial<Rules>> = [];
  return {
    saved,
    rules: vi.fn(async () => rules),
    saveRules: vi.fn(async (changes: Partial<Rules>) => {
      saved.push(changes);
      if (opts.refuse) throw opts.refuse;
      return { settings: { ...rules, ...changes } as Rules, changed: ["tourMinutes"] };
    }),
    preview: vi.fn(async () => ({ timezone: "America/Chicago", source: "google" as const, days: [{ date: "2026-12-01", times: ["09:00", "09:30"] }, { date: "2026-12-06", times: [] }] })),
  };
}

describe("Rules section", () => {
  it("shows each weekday's ranges with labelled inputs, and saves an edited range and number", async () => {
    console.log("checks: Monday's two ranges, Saturday/Sunday closed; edit a range, add Saturday hours, tour length 45, untick Pets → the whole form is sent");
    const api = fakeApi();
    render(<RulesSection api={api} />);
    const monday = await screen.findByRole("group", { name: "Monday, hours 2" });
    expect((within(monday).getByLabelText("Opens") as HTMLInputElement).value).toBe("13:00");
    expect(screen.getAllByText("Closed").length).toBe(2); // Saturday and Sunday
    fireEvent.input(within(monday).getByLabelText("Closes"), { target: { value: "17:30" } });
    fireEvent.click(screen.getByRole("button", { name: "Add hours on Saturday" }));
    fireEvent.input(screen.getByLabelText("Tour length"), { target: { value: "45" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Pets" }));
    fireEvent.click(screen.getByRole("button", { name: "Save rules" }));
    await screen.findByText("Saved 1 change. Prospects see it at once.");
    const sent = api.saved[0];
    expect(sent.weeklyHours!["1"]).toEqual([{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:30" }]);
    expect(sent.weeklyHours!["6"]).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(sent.tourMinutes).toBe(45);
    expect(sent.leasingQuestions).toEqual({ moveInDate: true, bedrooms: true, pets: false });
  });

  it("shows the backend's field errors next to their fields, in a summary that takes focus", async () => {
    console.log("checks: a 422 with tourMinutes and weeklyHours.1.1 → summary focused, each input aria-invalid and described by its message");
    const refusal = new ApiError("lumaleasing_rules_refused", "Some settings need another look.", 422, {
      tourMinutes: "The tour length must be from 10 to 240 minutes.",
      "weeklyHours.1.1": "Opening ranges on one day must not overlap.",
    });
    render(<RulesSection api={fakeApi({ refuse: refusal })} />);
    await screen.findByRole("group", { name: "Monday, hours 1" });
    fireEvent.click(screen.getByRole("button", { name: "Save rules" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("2 settings need another look; nothing was saved.");
    await waitFor(() => expect(document.activeElement).toBe(alert));
    const length = screen.getByLabelText("Tour length");
    expect(length.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(length.getAttribute("aria-describedby")!)!.textContent).toBe("The tour length must be from 10 to 240 minutes.");
    const overlapping = within(screen.getByRole("group", { name: "Monday, hours 2" })).getByLabelText("Opens");
    expect(overlapping.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(overlapping.getAttribute("aria-describedby")!)!.textContent).toBe("Opening ranges on one day must not overlap.");
  });

  it("adds a closed date and previews the next week's slots", async () => {
    console.log("checks: Add a date → closed all day is sent; Preview lists each day's times or 'no tours'");
    const api = fakeApi();
    render(<RulesSection api={api} />);
    await screen.findByRole("button", { name: "Add a date" });
    fireEvent.click(screen.getByRole("button", { name: "Add a date" }));
    const dates = screen.getAllByLabelText("Date") as HTMLInputElement[];
    fireEvent.input(dates[1], { target: { value: "2026-12-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Preview the next 7 days" }));
    const days = await screen.findAllByRole("listitem");
    expect(days.map((d) => d.textContent)).toEqual([expect.stringMatching(/Dec 1: 09:00, 09:30$/), expect.stringMatching(/Dec 6: no tours$/)]);
    fireEvent.click(screen.getByRole("button", { name: "Save rules" }));
    await waitFor(() => expect(api.saved).toHaveLength(1));
    expect(api.saved[0].dateExceptions).toEqual([{ date: "2026-12-25", closed: true }, { date: "2026-12-31", closed: true }]);
  });
});

describe("Rules section: the follow-up email", () => {
  it("turns it on with an apply link; a refusal shows at the apply link's field", async () => {
    console.log("checks: tick the follow-up box, save with no link → 422 at applyUrl, shown at its input; type the link → sent on with the trimmed link");
    const refusal = new ApiError("lumaleasing_rules_refused", "Some settings need another look.", 422, {
      applyUrl: "Give the apply link (an https address) to send the follow-up email.",
    });
    let refuse = true;
    const saved: Array<Partial<Rules>> = [];
    const api: RulesApi = {
      rules: vi.fn(async () => rules),
      saveRules: vi.fn(async (changes: Partial<Rules>) => {
        saved.push(changes);
        if (refuse) throw refusal;
        return { settings: { ...rules, ...changes } as Rules, changed: ["followUpEmail", "applyUrl"] };
      }),
      preview: vi.fn(async () => ({ timezone: "America/Chicago", source: "google" as const, days: [] })),
    };
    render(<RulesSection api={api} />);
    const box = await screen.findByRole("checkbox", { name: /thank-you with the apply link/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    const link = screen.getByLabelText("Apply link") as HTMLInputElement;
    expect(link.getAttribute("aria-describedby")).toBe("ll-rules-applyUrl-hint");
    fireEvent.click(box);
    expect(link.required).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Save rules" }));
    await screen.findByText("1 setting needs another look; nothing was saved.");
    expect(saved[0]).toMatchObject({ followUpEmail: true, applyUrl: null });
    expect(link.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(link.getAttribute("aria-describedby")!)!.textContent)
      .toBe("Give the apply link (an https address) to send the follow-up email.");

    refuse = false;
    fireEvent.input(link, { target: { value: "  https://apply.example.com/luma  " } });
    fireEvent.click(screen.getByRole("button", { name: "Save rules" }));
    await screen.findByText("Saved 2 changes. Prospects see them at once.");
    expect(saved[1]).toMatchObject({ followUpEmail: true, applyUrl: "https://apply.example.com/luma" });
    expect(link.getAttribute("aria-invalid")).toBeNull();
  });
});

describe("createRulesApi", () => {
  it("calls the plugin's rules routes with the nonce and brings a refusal's fields back", async () => {
    const sent: string[] = [];
    const impl = (async (url: string | URL | Request, init?: RequestInit) => {
      sent.push(`${init?.method} ${url} ${(init?.headers as Record<string, string>)["X-WP-Nonce"]}`);
      if (String(url).endsWith("rules") && init?.method === "POST") {
        return new Response(JSON.stringify({ code: "lumaleasing_rules_refused", message: "Some settings need another look.", data: { status: 422, fields: { tourMinutes: "Too short." } } }), { status: 422 });
      }
      return new Response(JSON.stringify({ success: true, settings: rules, days: [], timezone: "America/Chicago" }), { status: 200 });
    }) as typeof fetch;
    const api = createRulesApi({ restUrl: "http://wp.test/wp-json/lumaleasing/v1/", nonce: "n0nce" }, impl);
    expect((await api.rules()).timeZone).toBe("America/Chicago");
    await api.preview(7);
    const refused = await api.saveRules({ tourMinutes: 5 }).catch((e) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(422);
    expect(refused.fields).toEqual({ tourMinutes: "Too short." });
    expect(sent).toEqual([
      "GET http://wp.test/wp-json/lumaleasing/v1/rules n0nce",
      "GET http://wp.test/wp-json/lumaleasing/v1/rules/preview?days=7 n0nce",
      "POST http://wp.test/wp-json/lumaleasing/v1/rules n0nce",
    ]);
  });
});
