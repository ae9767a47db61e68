import { describe, expect, it } from "vitest";
import {
  addDays,
  buildGlance,
  dayParts,
  formatDay,
  formatWallTime,
  health,
  sortCalendars,
  statusLabel,
  todayIn,
  tourCount,
} from "../format.ts";
import type { CalendarInfo, Tour } from "../types.ts";

function tour(id: string, localDate: string, localTime: string, status = "confirmed"): Tour {
  return {
    id,
    start: `${localDate}T${localTime}:00Z`,
    end: `${localDate}T${localTime}:30Z`,
    localDate,
    localTime,
    prospectName: `Prospect ${id}`,
    agentEmail: "jane@example.com",
    status,
  };
}

function calendar(id: string, accountEmail: string, tokenStatus: CalendarInfo["tokenStatus"]): CalendarInfo {
  return { id, accountEmail, tokenStatus, lastHealthCheckAt: null, lastRefreshAt: null, timeZone: null };
}

describe("health", () => {
  it("gives every token state words, a symbol and a tone, so colour is never the only signal", () => {
    const states = ["healthy", "expiring", "expired", "revoked", "unknown"] as const;
    const labels = states.map((s) => health(s).label);
    expect(new Set(labels).size).toBe(states.length);
    for (const s of states) {
      expect(health(s).label.length).toBeGreaterThan(0);
      expect(health(s).symbol.length).toBeGreaterThan(0);
      expect(health(s).detail.length).toBeGreaterThan(0);
    }
    expect(health("healthy").tone).toBe("ok");
    expect(health("expiring").tone).toBe("warn");
    expect(health("expired").tone).toBe("bad");
    expect(health("revoked").tone).toBe("bad");
    expect(health("something-new").label).toBe("Unknown");
  });

  it("asks for a reconnect only when access is at risk", () => {
    expect(health("healthy").needsReconnect).toBe(false);
    expect(health("expiring").needsReconnect).toBe(true);
    expect(health("expired").needsReconnect).toBe(true);
    expect(health("revoked").needsReconnect).toBe(true);
  });

  it("sorts calendars needing attention first", () => {
    const sorted = sortCalendars([
      calendar("1", "b@example.com", "healthy"),
      calendar("2", "a@example.com", "healthy"),
      calendar("3", "c@example.com", "expiring"),
      calendar("4", "d@example.com", "revoked"),
    ]);
    expect(sorted.map((c) => c.id)).toEqual(["4", "3", "2", "1"]);
  });
});

describe("dates", () => {
  it("adds days across month, year and DST boundaries without shifting", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-25", 13)).toBe("2027-01-07");
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09"); // US DST starts 2026-03-08
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(() => addDays("next tuesday", 1)).toThrow();
  });

  it("finds today in the property's zone, not the reader's", () => {
    const now = new Date("2026-11-26T03:30:00Z"); // still the 25th in Chicago, the 26th in Berlin
    expect(todayIn("America/Chicago", now)).toBe("2026-11-25");
    expect(todayIn("Europe/Berlin", now)).toBe("2026-11-26");
    expect(todayIn("Not/AZone", now)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("formats plain dates and wall times as they are, whatever the reader's zone", () => {
    expect(formatDay("2026-12-01", "en-US")).toBe("Tuesday, December 1");
    expect(dayParts("2026-12-01", "en-US")).toEqual({ weekday: "Tue", day: "1" });
    expect(dayParts("2026-12-01", "de-DE").weekday).toMatch(/^Di/);
    expect(formatWallTime("14:30", "en-US")).toBe("2:30 PM");
    expect(formatWallTime("21:05", "en-GB")).toBe("21:05");
    expect(formatWallTime("soon", "en-US")).toBe("soon");
  });
});

describe("glance", () => {
  it("has one entry per day from today, counting tours that will happen", () => {
    const glance = buildGlance(
      [
        tour("a", "2026-11-25", "15:00"),
        tour("b", "2026-11-25", "09:30"),
        tour("c", "2026-11-27", "10:00", "cancelled"),
        tour("d", "2026-12-08", "11:00"),
        tour("e", "2026-12-09", "11:00"), // the 15th day: outside the window
        tour("f", "2026-11-24", "11:00"), // yesterday
      ],
      "2026-11-25",
      14,
    );
    expect(glance).toHaveLength(14);
    expect(glance[0].date).toBe("2026-11-25");
    expect(glance[13].date).toBe("2026-12-08");
    expect(glance[0].count).toBe(2);
    expect(glance[0].tours.map((t) => t.id)).toEqual(["b", "a"]);
    expect(glance[2].count).toBe(0);
    expect(glance[2].tours).toHaveLength(1);
    expect(glance[13].count).toBe(1);
    expect(glance.reduce((sum, day) => sum + day.count, 0)).toBe(3);
  });

  it("words counts and statuses", () => {
    expect(tourCount(0)).toBe("0 tours");
    expect(tourCount(1)).toBe("1 tour");
    expect(tourCount(5)).toBe("5 tours");
    expect(statusLabel("no_show")).toBe("No show");
    expect(statusLabel("confirmed")).toBe("Confirmed");
    expect(statusLabel("awaiting_agent")).toBe("Awaiting agent");
  });
});
