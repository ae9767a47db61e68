import { describe, expect, it } from "vitest";
import { ApiError, createApi, routeUrl } from "../api.ts";

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body: unknown) {
  const sent: Sent[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  return { sent, impl };
}

const config = { restUrl: "http://127.0.0.1:54326/wp-json/lumaleasing/v1/", nonce: "abc123" };

describe("routeUrl", () => {
  it("joins routes and queries for pretty and plain permalinks", () => {
    expect(routeUrl(config.restUrl, "tours", { days: 14 })).toBe(
      "http://127.0.0.1:54326/wp-json/lumaleasing/v1/tours?days=14",
    );
    expect(routeUrl("http://x/?rest_route=/lumaleasing/v1/", "tours", { days: 14 })).toBe(
      "http://x/?rest_route=/lumaleasing/v1/tours&days=14",
    );
    expect(routeUrl("http://x/wp-json/lumaleasing/v1", "status")).toBe("http://x/wp-json/lumaleasing/v1/status");
  });
});

describe("createApi", () => {
  it("sends the nonce and same-origin credentials, and reads calendars", async () => {
    const fake = fakeFetch(200, { success: true, calendars: [{ id: "c1", accountEmail: "jane@example.com" }] });
    const calendars = await createApi(config, fake.impl).status();
    expect(calendars).toHaveLength(1);
    expect(fake.sent[0].url).toBe(`${config.restUrl}status`);
    expect(fake.sent[0].init.method).toBe("GET");
    expect(fake.sent[0].init.credentials).toBe("same-origin");
    expect((fake.sent[0].init.headers as Record<string, string>)["X-WP-Nonce"]).toBe("abc123");
  });

  it("posts the calendar id as JSON to disconnect", async () => {
    const fake = fakeFetch(200, { success: true });
    expect(await createApi(config, fake.impl).disconnect("c1")).toEqual({ keptAtGoogle: false });
    expect(fake.sent[0].url).toBe(`${config.restUrl}disconnect`);
    expect(fake.sent[0].init.method).toBe("POST");
    expect(JSON.parse(String(fake.sent[0].init.body))).toEqual({ calendarId: "c1" });
    expect((fake.sent[0].init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("reports when the disconnected account's Google access is kept for another property", async () => {
    const fake = fakeFetch(200, { success: true, keptAtGoogle: true });
    expect(await createApi(config, fake.impl).disconnect("c1")).toEqual({ keptAtGoogle: true });
  });

  it("returns the connect URL and refuses an answer without one", async () => {
    const ok = fakeFetch(200, { success: true, connectUrl: "http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=t" });
    expect(await createApi(config, ok.impl).connect()).toContain("ticket=t");
    const bad = fakeFetch(200, { success: true, connectUrl: "javascript:alert(1)" });
    await expect(createApi(config, bad.impl).connect()).rejects.toMatchObject({ code: "bad_response" });
  });

  it("turns WordPress errors into ApiError with code, status and a readable message", async () => {
    const unauthorized = fakeFetch(401, { code: "rest_forbidden", message: "Sorry, you are not allowed to do that." });
    const error = await createApi(config, unauthorized.impl).status().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("rest_forbidden");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/administrator/);

    const expired = fakeFetch(403, { code: "rest_cookie_invalid_nonce", message: "Cookie check failed" });
    await expect(createApi(config, expired.impl).status()).rejects.toMatchObject({
      code: "rest_cookie_invalid_nonce",
      message: expect.stringMatching(/Reload the page/),
    });

    const backend = fakeFetch(502, { code: "lumaleasing_backend_unreachable", message: "Could not reach the LumaLeasing backend." });
    await expect(createApi(config, backend.impl).tours(14)).rejects.toMatchObject({
      code: "lumaleasing_backend_unreachable",
      status: 502,
      message: "Could not reach the LumaLeasing backend.",
    });
  });

  it("reports a network failure as such", async () => {
    const failing = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    await expect(createApi(config, failing).status()).rejects.toMatchObject({ code: "network", status: 0 });
  });
});
