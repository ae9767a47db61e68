import { describe, expect, it } from "vitest";
import { monthMatrix, moveFocus } from "../src/calendar/grid.ts";
import { addDays, addMonths, monthsBetween, sameDayInMonth, weekday } from "../src/time/dates.ts";

describe("date-only arithmetic", () => {
  it("adds days across month, year and DST boundaries without drifting", () => {
    expect(addDays("2026-11-28", 14)).toBe("2026-12-12");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09"); // US DST starts
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("knows weekdays, month steps and clamps day-of-month", () => {
    expect(weekday("2026-12-01")).toBe(2); // Tuesday
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(sameDayInMonth("2027-01-31", 1)).toBe("2027-02-28");
    expect(sameDayInMonth("2026-03-31", -1)).toBe("2026-02-28");
  });

  it("lists every month a booking window touches, and no more", () => {
    expect(monthsBetween("2026-11-28", "2026-12-11")).toEqual(["2026-11", "2026-12"]);
    expect(monthsBetween("2026-12-02", "2026-12-15")).toEqual(["2026-12"]);
    expect(monthsBetween("2026-12-20", "2027-02-01")).toEqual(["2026-12", "2027-01", "2027-02"]);
  });
});

describe("month grid", () => {
  it("lays out December 2026 from Sunday with leading blanks", () => {
    const weeks = monthMatrix("2026-12", 0);
    expect(weeks[0]).toEqual([null, null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it("lays out weeks from Monday for Monday-first locales", () => {
    expect(monthMatrix("2026-12", 1)[0].slice(0, 2)).toEqual([null, "2026-12-01"]);
  });
});

describe("APG keyboard model", () => {
  const months = ["2026-11", "2026-12"];
  it.each([
    ["ArrowRight", "2026-12-02"],
    ["ArrowLeft", "2026-11-30"],
    ["ArrowDown", "2026-12-08"],
    ["ArrowUp", "2026-11-24"],
    ["Home", "2026-11-29"], // Sunday of that week
    ["End", "2026-12-05"], // Saturday of that week
    ["PageUp", "2026-11-01"],
  ])("from Tuesday 2026-12-01, %s goes to %s", (key, expected) => {
    expect(moveFocus("2026-12-01", key, 0, months)).toBe(expected);
  });

  it("does not leave the months of the booking window", () => {
    expect(moveFocus("2026-12-01", "PageDown", 0, months)).toBe("2026-12-01");
    expect(moveFocus("2026-11-01", "ArrowLeft", 0, months)).toBe("2026-11-01");
    expect(moveFocus("2026-12-31", "ArrowDown", 0, months)).toBe("2026-12-31");
  });

  it("uses the locale's week start for Home and End", () => {
    expect(moveFocus("2026-12-01", "Home", 1, months)).toBe("2026-11-30"); // Monday
    expect(moveFocus("2026-12-01", "End", 1, months)).toBe("2026-12-06"); // Sunday
  });

  it("ignores other keys", () => {
    expect(moveFocus("2026-12-01", "a", 0, months)).toBeNull();
  });
});
