// The `lumaleasing-jobs` function: what pg_cron calls (reminders, outbox, calendar health).
import { jobs } from "./app.ts";

Deno.serve(jobs.handle);
