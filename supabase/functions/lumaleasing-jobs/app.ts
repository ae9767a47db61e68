// What pg_cron calls (POST /lumaleasing-jobs/<job> with the cron secret): reminders
// (every 15 min), outbox (every minute), calendar-health (every 6 h), watch-renewal
// (hourly). Each job is safe at any time, in parallel with itself, and again after a
// crash halfway; each answers a JSON summary. An optional body {"propertyId": "…"}
// limits a run to one property (tests, manual runs).
import { z } from "zod";
import { apiError, json, readJson, router } from "../_shared/adapters/http.ts";
import { checkCalendarHealth } from "../_shared/services/calendar-health.ts";
import { deps, type Deps } from "../_shared/services/deps.ts";
import { renewWatches } from "../_shared/services/google-sync.ts";
import { dispatchOutbox } from "../_shared/services/outbox-dispatch.ts";
import { runReminders } from "../_shared/services/reminders.ts";
import { sameSecret } from "../_shared/core/constant-time.ts";

export const jobs = router("lumaleasing-jobs");

async function authorized(req: Request): Promise<boolean> {
  const secret = Deno.env.get("CRON_SECRET");
  const given = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return Boolean(secret && given) && await sameSecret(given!, secret!);
}

const JobBody = z.object({ job: z.string().optional(), propertyId: z.string().uuid().optional() });

type Job = (d: Deps, scope: { propertyId?: string }) => Promise<unknown>;

const JOBS: Record<string, Job> = {
  reminders: (d, scope) => runReminders(d, scope),
  outbox: (d, scope) => dispatchOutbox(d, scope),
  "calendar-health": (d, scope) => checkCalendarHealth(d, scope),
  "watch-renewal": (d, scope) => renewWatches(d, scope),
};

jobs.post("/:job", async ({ req, params }) => {
  if (!(await authorized(req))) return apiError(401, "unauthorized", "The cron secret is missing or wrong.");
  const run = JOBS[params.job];
  if (!run) return apiError(404, "unknown_job", `No job named ${params.job}.`, { error: { jobs: Object.keys(JOBS) } });
  const body = JobBody.safeParse(await readJson(req));
  if (!body.success) return apiError(422, "invalid_input", "propertyId must be a property's id.");
  const d = deps();
  const started = Date.now();
  // The instant the job ran at, by the functions' clock (the one its rules used).
  const now = d.clock.now().toISOString();
  const summary = await run(d, { propertyId: body.data.propertyId });
  return json(200, { success: true, job: params.job, now, ms: Date.now() - started, summary });
});
jobs.get("/health", () => json(200, { success: true, service: "lumaleasing-jobs" }));
