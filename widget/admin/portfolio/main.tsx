/** @jsxImportSource preact */
// Entry of assets/portfolio-admin.js: mounts the Portfolio page into
// #lumaleasing-portfolio-root with the configuration the plugin printed before this script
// (window.LumaLeasingPortfolioConfig). #lumaleasing-portfolio-metrics, above it, is left to
// the success metrics charts.
import { render } from "preact";
import { createPortfolioApi } from "./api.ts";
import { PortfolioApp } from "./app.tsx";
import type { PortfolioConfig } from "./types.ts";

declare global {
  interface Window {
    LumaLeasingPortfolioConfig?: PortfolioConfig;
  }
}

function mount() {
  const root = document.getElementById("lumaleasing-portfolio-root");
  const config = window.LumaLeasingPortfolioConfig;
  if (!root || !config || typeof config.restUrl !== "string" || typeof config.nonce !== "string") return;
  root.textContent = "";
  render(<PortfolioApp config={config} api={createPortfolioApi(config)} />, root);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
