/** @jsxImportSource preact */
// Entry of assets/admin.js: mounts the Calendars app into #lumaleasing-admin-root with the
// configuration the plugin printed before this script (window.LumaLeasingAdminConfig).
import { render } from "preact";
import { createApi } from "./api.ts";
import { App } from "./app.tsx";
import { createRulesApi } from "./rules-api.ts";
import { createWebhooksApi } from "./webhooks-api.ts";
import type { AdminConfig } from "./types.ts";

declare global {
  interface Window {
    LumaLeasingAdminConfig?: AdminConfig;
  }
}

function mount() {
  const root = document.getElementById("lumaleasing-admin-root");
  const config = window.LumaLeasingAdminConfig;
  if (!root || !config || typeof config.restUrl !== "string" || typeof config.nonce !== "string") return;
  root.textContent = "";
  const api = createApi(config);
  render(<App config={config} api={api} hubspot={api} webhooksApi={createWebhooksApi(config)} rulesApi={createRulesApi(config)} />, root);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
