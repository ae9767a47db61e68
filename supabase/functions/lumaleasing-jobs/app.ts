// What pg_cron calls (POST /lumaleasing-jobs/<job> with the cron secret): reminders
// (every 15 min), outbox (every minute), calendar-health (every 6 h), watch-renewal
// (hourly), metric-alerts (hourly: an organization's metrics that missed their targets). Each job is safe at any time, in parallel with itself, and again after a
// crash halfway. Each invocation does a bounded slice (services/job-invocation.ts): it
// answers what it did, whether work is left (`more`), its measured `cpuMs` and `wallMs`,
// and whether it queued a successor to carry on. An optional body {"propertyId": "…"}
// limits a run (and its successors) to one property (tests, manual runs).
import { apiError, json, readJson, router } from "../_shared/adapters/http.ts";
import { JobRequest } from "../_shared/contracts/jobs.ts";
import { sameSecret } from "../_shared/core/constant-time.ts";
import { JOB_NAMES, type JobName } from "../_shared/core/job-limits.ts";
import { healthSlice } from "../_shared/services/calendar-health.ts";
import { deps } from "../_shared/services/deps.ts";
import { invokeJob, type JobSlice } from "../_shared/services/job-invocation.ts";
import { dispatchSlice } from "../_shared/services/outbox-dispatch.ts";
import { metricAlertsSlice } from "../_shared/services/metric-alerts.ts";
import { remindersSlice } from "../_shared/services/reminders.ts";
import { watchRoundStart, watchSlice } from "../_shared/services/watch-renewal.ts";

export const jobs = router("lumaleasing-jobs");

async function authorized(req: Request): Promise<boolean> {
  const secret = Deno.env.get("CRON_SECRET");
  const given = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return Boolean(secret && given) && await sameSecret(given!, secret!);
}

/** Each job's slice, and what counts as progress for it. */
const JOBS: Record<JobName, JobSlice> = {
  reminders: async (d, s) => {
    const { summary, more } = await remindersSlice(d, { propertyId: s.propertyId, budget: s.budget, batchSize: s.batchSize });
    return { summary, more, progressed: summary["24h"].tours + summary["1h"].tours > 0 };
  },
  outbox: async (d, s) => {
    const { summary, more } = await dispatchSlice(d, { propertyId: s.propertyId, budget: s.budget, batchSize: s.batchSize });
    return { summary, more, progressed: summary.claimed > 0 };
  },
  // A round of the calendar jobs starts with the chain's first link; the rest carry its start.
  "calendar-health": async (d, s) => {
    const since = s.since ?? d.clock.now();
    const { summary, more } = await healthSlice(d, { ...s, since });
    return { summary, more, progressed: summary.checked > 0, since };
  },
  "watch-renewal": async (d, s) => {
    const since = s.since ?? await watchRoundStart(d);
    const { summary, more } = await watchSlice(d, { ...s, since });
    return { summary, more, progressed: summary.calendars > 0, since };
  },
  // A round: every organization once, those looked at since the round began are done.
  "metric-alerts": async (d, s) => {
    const since = s.since ?? d.clock.now();
    const { summary, more } = await metricAlertsSlice(d, { propertyId: s.propertyId, budget: s.budget, batchSize: s.batchSize, since });
    return { summary, more, progressed: summary.organizations > 0, since };
  },
};

function isJob(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

jobs.post("/:job", async ({ req, params }) => {
  if (!(await authorized(req))) return apiError(401, "unauthorized", "The cron secret is missing or wrong.");
  const name = params.job;
  if (!isJob(name)) return apiError(404, "unknown_job", `No job named ${name}.`, { error: { jobs: JOB_NAMES } });
  const body = JobRequest.safeParse(await readJson(req));
  if (!body.success) {
    const issue = body.error.issues[0];
    const field = issue?.path.join(".") || "body";
    const message = field === "propertyId" ? "propertyId must be a property's id." : `${field}: ${issue?.message ?? "invalid"}`;
    return apiError(422, "invalid_input", message, { error: { field } });
  }
  return json(200, await invokeJob(deps(), name, JOBS[name], body.data));
});
jobs.get("/health", () => json(200, { success: true, service: "lumaleasing-jobs" }));
