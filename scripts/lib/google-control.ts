// The Google emulator's control API (accounts, faults, clock, request log), for the tests
// and benchmarks in Deno and in Node alike: fetch only.

/** GET without a body, POST with one; answers the parsed JSON, or throws with the emulator's words. */
export async function emulatorControl(googleUrl: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${googleUrl}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
