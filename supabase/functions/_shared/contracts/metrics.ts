// The widget's beacon and the metrics routes' queries and answers.
import { z } from "zod";

/** POST beacon: a timing only, never anything about the visitor. */
export const BeaconRequest = z.object({
  kind: z.literal("calendar_load"),
  ms: z.number().int().min(0).max(600_000),
}).strict();
export type BeaconRequest = z.infer<typeof BeaconRequest>;
