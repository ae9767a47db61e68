// For the race tests: what Postgres logged while a race ran, and a status tally.
import { adminSql } from "../../../../scripts/lib/test-support.ts";

/**
 * Deadlocks and serialization failures Postgres reported from now on, read from the
 * server's log: the backend writes it as the error happens (the statistics views are
 * flushed later, so a count read from them right after a burst can still be short).
 */
export async function postgresLog() {
  const sql = await adminSql();
  const [{ dir }] = await sql`select current_setting('data_directory') as dir`;
  const path = `${dir}/server.log`;
  const from = (await Deno.stat(path)).size;
  return {
    async since(): Promise<{ deadlocks: number; serialization: number }> {
      const bytes = await Deno.readFile(path);
      const text = new TextDecoder().decode(bytes.subarray(from));
      return {
        deadlocks: text.match(/deadlock detected/g)?.length ?? 0,
        serialization: text.match(/could not serialize access/g)?.length ?? 0,
      };
    },
  };
}

export function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}
