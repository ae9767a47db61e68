// GET admin/tours/today (site secret): the property's tours on its own today — the local
// date in its time zone, from local midnight to the next — for the WordPress dashboard.
import { z } from "zod";
import { TourStatus } from "./tour-admin.ts";

export const TodayTour = z.object({
  id: z.string().uuid(),
  start: z.string(),
  end: z.string(),
  /** "14:30", in the property's zone. */
  localTime: z.string().regex(/^\d{2}:\d{2}$/),
  prospectName: z.string(),
  agent: z.object({ email: z.string(), name: z.string().nullable() }).nullable(),
  status: TourStatus,
  /** Confirmed and already over: the office has yet to say whether the prospect came. */
  awaitingOutcome: z.boolean(),
});
export type TodayTour = z.infer<typeof TodayTour>;

export const ToursTodayResponse = z.object({
  success: z.literal(true),
  timezone: z.string(),
  /** The property's local date ("YYYY-MM-DD"). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tours: z.array(TodayTour),
});
export type ToursTodayResponse = z.infer<typeof ToursTodayResponse>;
