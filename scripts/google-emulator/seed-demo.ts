// The demo: two leasing agents in Chicago with a realistic week of calendar, starting today in their zone.
import type { Clock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { upsertAccount } from "./core/accounts.ts";
import { expireSyncTokens } from "./core/event-list.ts";
import { insertEvent } from "./core/events.ts";
import type { EmulatorState } from "./core/state.ts";
import { addDays, dayInZone } from "./core/time.ts";

export const demoZone = "America/Chicago";
export const demoAccounts = [
  { email: "pm@example.com", name: "Pat Morgan", timeZone: demoZone },
  { email: "agent2@example.com", name: "Alex Rivera", timeZone: demoZone },
] as const;

interface DemoEvent {
  summary: string;
  start: string; // HH:mm, or "all-day"
  end?: string;
  status?: "confirmed" | "tentative" | "cancelled";
  transparent?: boolean;
  attendees?: string[];
  location?: string;
}

const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday

function patsDay(index: number, dow: number): DemoEvent[] {
  if (dow === 0) return [];
  if (dow === 6) return [{ summary: "Open house prep", start: "10:00", end: "12:00", location: "Leasing office" }];
  const day: DemoEvent[] = [
    { summary: "Leasing team stand-up", start: "09:00", end: "09:30", attendees: ["agent2@example.com"] },
    { summary: "Lunch", start: "12:00", end: "13:00" },
  ];
  if (index % 3 === 0) day.push({ summary: "Owner call: Maple Court", start: "14:00", end: "15:00" });
  if (index % 3 === 1) {
    day.push({ summary: "Vendor walkthrough - pool repairs", start: "10:30", end: "11:30", location: "Pool deck" });
    day.push({ summary: "Move-in inspection, Unit 12B", start: "15:30", end: "16:00" });
  }
  if (index % 3 === 2) day.push({ summary: "Marketing review", start: "13:30", end: "14:30" });
  if (index % 2 === 1) {
    day.push({ summary: "Focus time (shown as free)", start: "16:30", end: "17:30", transparent: true });
  }
  if (index === 2) {
    day.push({ summary: "Budget meeting (cancelled)", start: "11:00", end: "12:00", status: "cancelled" });
  }
  if (index === 4) day.push({ summary: "Rent reports due (free, all day)", start: "all-day", transparent: true });
  return day;
}

function alexsDay(index: number, dow: number): DemoEvent[] {
  if (dow === 0) return [];
  if (dow === 6) return [{ summary: "Weekend leasing desk", start: "11:00", end: "13:00", location: "Leasing office" }];
  const day: DemoEvent[] = [
    { summary: "Leasing team stand-up", start: "09:00", end: "09:30", attendees: ["pm@example.com"] },
    { summary: "Lunch", start: "12:30", end: "13:15" },
  ];
  if (index % 2 === 0) day.push({ summary: "Resident renewal meetings", start: "10:00", end: "11:00" });
  else day.push({ summary: "Unit turn inspections", start: "14:00", end: "16:00", location: "Building C" });
  if (index === 0) day.push({ summary: "Gym (shown as free)", start: "17:00", end: "18:00", transparent: true });
  if (index === 1) {
    day.push({ summary: "Fair housing training (cancelled)", start: "16:00", end: "17:00", status: "cancelled" });
  }
  if (index === 3) {
    day.push({ summary: "Call with applicant (tentative)", start: "15:00", end: "15:30", status: "tentative" });
  }
  return day;
}

export interface SeedSummary {
  accounts: string[];
  firstDay: string;
  events: number;
}

/** Creates (or recreates) the demo accounts and their events; same clock, same calendar. */
export function seedDemo(state: EmulatorState, clock: Clock): SeedSummary {
  const today = dayInZone(clock.now().getTime(), demoZone);
  let events = 0;
  for (const [accountIndex, input] of demoAccounts.entries()) {
    upsertAccount(state, { ...input, deleted: false });
    const calendar = state.calendars.get(input.email)!;
    for (const id of [...calendar.events.keys()]) if (id.startsWith("seed")) calendar.events.delete(id);
    expireSyncTokens(calendar);
    const prefix = accountIndex === 0 ? "seedpm" : "seedag";
    for (let index = 0; index < 7; index++) {
      const day = addDays(today, index);
      const plan = (accountIndex === 0 ? patsDay : alexsDay)(index, weekday(day));
      plan.forEach((item, n) => {
        const allDay = item.start === "all-day";
        insertEvent(state, calendar, {
          id: `${prefix}${String(index).padStart(2, "0")}${String(n).padStart(2, "0")}`,
          summary: item.summary,
          status: item.status ?? "confirmed",
          ...(item.transparent ? { transparency: "transparent" } : {}),
          ...(item.location ? { location: item.location } : {}),
          start: allDay ? { date: day } : { dateTime: `${day}T${item.start}:00`, timeZone: demoZone },
          end: allDay ? { date: addDays(day, 1) } : { dateTime: `${day}T${item.end}:00`, timeZone: demoZone },
          ...(item.attendees
            ? {
              attendees: [
                { email: input.email, responseStatus: "accepted" },
                ...item.attendees.map((email) => ({ email, responseStatus: "accepted" })),
              ],
            }
            : {}),
        }, { sendUpdates: "none", via: "control" });
        events++;
      });
    }
  }
  return { accounts: demoAccounts.map((a) => a.email), firstDay: today, events };
}
