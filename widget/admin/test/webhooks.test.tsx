/** @jsxImportSource preact */
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api.ts";
import type { WebhookDelivery, WebhookEndpoint } from "../types.ts";
import { Webhooks } from "../webhooks.tsx";
import { createWebhooksApi, type WebhooksApi } from "../webhooks-api.ts";

afterEach(cleanup);

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const endpoint: WebhookEndpoint = {
  id: ID,
  url: "https://crm.example/hooks",
  events: ["tour.booked", "lead.created"],
  enabled: true,
  createdAt: "2026-11-28T10:00:00.000Z",
  secretRotatedAt: null,
};
const failed: WebhookDelivery = {
  id: "41",
  eventId: "evt_abcdefgh1234",
  eventType: "tour.booked",
  status: "failed",
  responseStatus: 302,
  attempts: 1,
  createdAt: "2026-11-28T10:00:00.000Z",
  lastAttemptAt: "2026-11-28T10:00:01.000Z",
  error: "the endpoint answered 302 (redirects are not followed)",
};

function fakeApi(start: WebhookEndpoint[] = []): WebhooksApi & { calls: string[] } {
  const calls: string[] = [];
  let list = [...start];
  let log: WebhookDelivery[] = [failed];
  return {
    calls,
    list: vi.fn(async () => list),
    create: vi.fn(async (url, events) => {
      calls.push(`create ${url} ${events.join(",")}`);
      const made = { ...endpoint, id: "1b4e28ba-2fa1-11d2-883f-0016d3cca427", url, events };
      list = [...list, made];
      return { endpoint: made, secret: "whsec_c2VjcmV0LXNob3duLW9uY2U=" };
    }),
    update: vi.fn(async (id, fields) => {
      calls.push(`update ${id} ${JSON.stringify(fields)}`);
      list = list.map((e) => (e.id === id ? { ...e, ...fields } : e));
      return list.find((e) => e.id === id)!;
    }),
    rotate: vi.fn(async (id) => {
      calls.push(`rotate ${id}`);
      return { endpoint: list.find((e) => e.id === id)!, secret: "whsec_bmV3LXNlY3JldA==" };
    }),
    remove: vi.fn(async (id) => {
      calls.push(`delete ${id}`);
      list = list.filter((e) => e.id !== id);
    }),
    test: vi.fn(async (id) => {
      calls.push(`test ${id}`);
      const d: WebhookDelivery = { ...failed, id: "42", eventType: "webhook.test", status: "pending", responseStatus: null, error: null };
      log = [d, ...log];
      return d;
    }),
    deliveries: vi.fn(async (id) => {
      calls.push(`deliveries ${id}`);
      return log;
    }),
    resend: vi.fn(async (deliveryId) => {
      calls.push(`resend ${deliveryId}`);
      const d: WebhookDelivery = { ...failed, id: "43", status: "delivered", responseStatus: 204, error: null };
      log = [d, ...log];
      return d;
    }),
  };
}

describe("Webhooks section", () => {
  it("adds an endpoint with the chosen events and shows its secret once, with a copy button", async () => {
    const api = fakeApi();
    const copy = vi.fn(async () => {});
    render(<Webhooks api={api} copy={copy} />);
    await screen.findByText("No webhook endpoint yet.");
    fireEvent.input(screen.getByLabelText("Endpoint URL"), { target: { value: " https://crm.example/new " } });
    fireEvent.click(screen.getByRole("checkbox", { name: /Tour rescheduled/ }));
    fireEvent.click(screen.getByRole("checkbox", { name: /No-show/ }));
    fireEvent.click(screen.getByRole("button", { name: "Add webhook" }));
    const secret = await screen.findByTestId("webhook-secret");
    expect(secret.textContent).toBe("whsec_c2VjcmV0LXNob3duLW9uY2U=");
    expect(api.calls[0]).toBe("create https://crm.example/new lead.created,tour.booked,tour.cancelled,tour.no_show");
    fireEvent.click(screen.getByRole("button", { name: "Copy secret" }));
    await screen.findByRole("button", { name: "Copied" });
    expect(copy).toHaveBeenCalledWith("whsec_c2VjcmV0LXNob3duLW9uY2U=");
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByTestId("webhook-secret")).toBeNull();
    expect(await screen.findByText("https://crm.example/new")).toBeTruthy();
  });

  it("refuses to add without events, and shows the backend's refusal", async () => {
    const api = fakeApi();
    api.create = vi.fn(async () => {
      throw new ApiError("lumaleasing_webhook_refused", "10.0.0.1 is a private, loopback or link-local address.", 422);
    });
    render(<Webhooks api={api} />);
    await screen.findByText("No webhook endpoint yet.");
    for (const box of screen.getAllByRole("checkbox") as HTMLInputElement[]) if (box.checked) fireEvent.click(box);
    fireEvent.input(screen.getByLabelText("Endpoint URL"), { target: { value: "http://10.0.0.1/x" } });
    fireEvent.submit(screen.getByRole("button", { name: "Add webhook" }).closest("form")!);
    expect((await screen.findByRole("alert")).textContent).toBe("Pick at least one event.");
    expect(api.create).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("checkbox", { name: /Tour booked/ }));
    fireEvent.submit(screen.getByRole("button", { name: "Add webhook" }).closest("form")!);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("private, loopback or link-local"));
    expect(screen.queryByTestId("webhook-secret")).toBeNull();
  });

  it("turns an endpoint off, rotates its secret after asking, and deletes it after asking", async () => {
    const api = fakeApi([endpoint]);
    const confirm = vi.fn(() => true);
    render(<Webhooks api={api} confirm={confirm} />);
    const card = (await screen.findByText(endpoint.url)).closest("li")!;
    fireEvent.click(within(card).getByRole("button", { name: "Turn off" }));
    await within(card).findByRole("button", { name: "Turn on" });
    expect(within(card).getByText("Off")).toBeTruthy();
    fireEvent.click(within(card).getByRole("button", { name: "Rotate secret" }));
    expect((await screen.findByTestId("webhook-secret")).textContent).toBe("whsec_bmV3LXNlY3JldA==");
    confirm.mockReturnValueOnce(false);
    fireEvent.click(within(card).getByRole("button", { name: "Delete" }));
    expect(api.remove).not.toHaveBeenCalled();
    fireEvent.click(within(card).getByRole("button", { name: "Delete" }));
    await screen.findByText("No webhook endpoint yet.");
    expect(api.calls).toEqual([`update ${ID} {"enabled":false}`, `rotate ${ID}`, `delete ${ID}`]);
  });

  it("sends a test event, shows the delivery log, and sends a failed delivery again", async () => {
    const api = fakeApi([endpoint]);
    render(<Webhooks api={api} />);
    const card = (await screen.findByText(endpoint.url)).closest("li")!;
    fireEvent.click(within(card).getByRole("button", { name: "Send a test event" }));
    const table = await within(card).findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").slice(0, 5).map((c) => c.textContent))).toEqual([
      ["webhook.test", "Waiting to send", "—", expect.any(String), "1"],
      ["tour.booked", "Failed", "302", expect.any(String), "1"],
    ]);
    expect(within(rows[1]).getByText(/redirects are not followed/)).toBeTruthy();
    expect(within(rows[0]).queryByRole("button", { name: "Send again" })).toBeNull();
    fireEvent.click(within(rows[1]).getByRole("button", { name: "Send again" }));
    await waitFor(() => expect(within(card).getAllByRole("row")).toHaveLength(4));
    expect(within(within(card).getAllByRole("row")[1]).getByText("Delivered")).toBeTruthy();
    expect(api.calls).toEqual([`test ${ID}`, `deliveries ${ID}`, "resend 41", `deliveries ${ID}`]);
  });
});

describe("webhooks api", () => {
  it("calls the plugin's routes with the nonce and refuses an answer without a secret", async () => {
    const seen: Array<[string, string, unknown]> = [];
    let answer: unknown = { success: true, endpoint, secret: "whsec_abc=" };
    const fetchImpl = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      seen.push([String(url), init?.method ?? "GET", init?.body ? JSON.parse(String(init.body)) : undefined]);
      expect((init?.headers as Record<string, string>)["X-WP-Nonce"]).toBe("nonce-1");
      return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const api = createWebhooksApi({ restUrl: "http://wp.test/wp-json/lumaleasing/v1/", nonce: "nonce-1" }, fetchImpl);
    expect((await api.create("https://crm.example/h", ["tour.booked"])).secret).toBe("whsec_abc=");
    await api.rotate(ID);
    answer = { success: true, deliveries: [failed] };
    expect(await api.deliveries(ID)).toEqual([failed]);
    answer = { success: true, delivery: failed };
    await api.resend("41");
    await api.update(ID, { enabled: false });
    answer = { success: true, endpoint };
    await expect(api.rotate(ID)).rejects.toMatchObject({ code: "bad_response" });
    expect(seen.map(([u, m]) => `${m} ${u.replace("http://wp.test/wp-json/lumaleasing/v1/", "")}`)).toEqual([
      "POST webhooks",
      `POST webhooks/${ID}/rotate-secret`,
      `GET webhooks/${ID}/deliveries`,
      "POST webhooks/deliveries/41/resend",
      `POST webhooks/${ID}`,
      `POST webhooks/${ID}/rotate-secret`,
    ]);
    expect(seen[0][2]).toEqual({ url: "https://crm.example/h", events: ["tour.booked"] });
    expect(seen[4][2]).toEqual({ enabled: false });
  });
});
