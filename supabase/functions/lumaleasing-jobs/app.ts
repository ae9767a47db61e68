import { apiError, json, router } from "../_shared/adapters/http.ts";

export const jobs = router("lumaleasing-jobs");

function authorized(req: Request): boolean {
  const secret = Deno.env.get("CRON_SECRET");
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  return Boolean(secret) && given === secret;
}

jobs.post("/:job", ({ req, params }) => {
  if (!authorized(req)) return apiError(401, "unauthorized", "The cron secret is missing or wrong.");
  return apiError(404, "unknown_job", `No job named ${params.job}.`);
});
jobs.get("/health", () => json(200, { success: true, service: "lumaleasing-jobs" }));
