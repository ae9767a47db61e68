// Work that runs after the answer has gone out: EdgeRuntime.waitUntil keeps the isolate
// alive for it on the platform (and in the local runtime); elsewhere (tests calling a
// handler in-process) it simply runs on. Failures are logged, never thrown at anyone.
export function afterAnswer(label: string, task: Promise<unknown>): void {
  const tracked = task.catch((err) => console.error(`${label} failed:`, err instanceof Error ? err.message : err));
  const runtime = (globalThis as unknown as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime;
  if (runtime) runtime.waitUntil(tracked);
}
