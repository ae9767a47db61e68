// Performs the requests queued by the local net.http_post stand-in, as pg_net's
// background worker does: after commit, once, recording each response.
import postgres from "postgres";

export function startPgNetWorker(adminUrl: string, log: (line: string) => void = console.log) {
  const sql = postgres(adminUrl, { max: 2, onnotice: () => {} });
  let running = true;
  const inflight = new Set<Promise<void>>();

  async function perform(row: { id: bigint | number; method: string; url: string; headers: Record<string, string>; body: Uint8Array | null; timeout_milliseconds: number }) {
    const started = Date.now();
    try {
      const res = await fetch(row.url, {
        method: row.method,
        headers: row.headers,
        body: row.body && row.body.length ? new TextDecoder().decode(row.body) : undefined,
        signal: AbortSignal.timeout(row.timeout_milliseconds),
      });
      const content = await res.text();
      await sql`insert into net._http_response (id, status_code, content_type, headers, content, timed_out)
        values (${Number(row.id)}, ${res.status}, ${res.headers.get("content-type")}, ${sql.json(Object.fromEntries(res.headers))}, ${content}, false)`;
      log(`net.http_post ${row.url} → ${res.status} in ${Date.now() - started} ms`);
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === "TimeoutError";
      await sql`insert into net._http_response (id, timed_out, error_msg)
        values (${Number(row.id)}, ${timedOut}, ${String(err)})`.catch(() => {});
      log(`net.http_post ${row.url} failed: ${err}`);
    }
  }

  const loop = (async () => {
    while (running) {
      try {
        const rows = await sql`delete from net.http_request_queue
          where id in (select id from net.http_request_queue order by id limit 20 for update skip locked)
          returning id, method, url, headers, body, timeout_milliseconds`;
        for (const row of rows) {
          const p = perform(row as never).finally(() => inflight.delete(p));
          inflight.add(p);
        }
        if (rows.length === 0) await new Promise((r) => setTimeout(r, 250));
      } catch (err) {
        if (running) log(`pg_net worker: ${err}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      await Promise.allSettled([...inflight]);
      await sql.end({ timeout: 2 });
    },
  };
}
