// Performs the requests queued by the local net.http_post stand-in, as pg_net's
// background worker does: after commit, once, recording each response. Like pg_net since
// 0.19 (its worker is woken when a request is queued rather than polling every second),
// the stand-in's net.http_post notifies on commit and the worker starts at once; it still
// looks every 250 ms in case a notification is missed.
import postgres from "postgres";

/** The channel the stand-in's net.http_post notifies (scripts/sql/local-prelude.sql). */
const WAKE_CHANNEL = "lumaleasing_net_wake";

export function startPgNetWorker(adminUrl: string, log: (line: string) => void = console.log) {
  const sql = postgres(adminUrl, { max: 2, onnotice: () => {} });
  let running = true;
  const inflight = new Set<Promise<void>>();
  // A notification while the loop is busy is remembered, so the next idle ends at once.
  let wake: (() => void) | undefined;
  let woken = false;
  const notified = () => (wake ? wake() : (woken = true));
  const listening = sql.listen(WAKE_CHANNEL, notified).catch((err) => log(`pg_net worker: not listening (${err}); polling`));
  const idle = (ms: number) => new Promise<void>((resolve) => {
    if (woken) {
      woken = false;
      return resolve();
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake = undefined;
      resolve();
    }
    wake = done;
  });

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
        if (rows.length === 0) await idle(250);
      } catch (err) {
        if (running) log(`pg_net worker: ${err}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
      await listening;
      await Promise.allSettled([...inflight]);
      await sql.end({ timeout: 2 });
    },
  };
}
