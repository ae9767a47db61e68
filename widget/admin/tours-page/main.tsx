/** @jsxImportSource preact */
// Entry of assets/tours-admin.js (Admin → Tours only): mounts the app into
// #lumaleasing-tours-root with window.LumaLeasingToursConfig, printed by the plugin.
import { render } from "preact";
import { createToursApi } from "./api.ts";
import { ToursApp } from "./app.tsx";
import { TourCalendar } from "./calendar.tsx";
import type { ToursConfig } from "./types.ts";
import "./tours.css";

declare global {
  interface Window {
    LumaLeasingToursConfig?: ToursConfig;
  }
}

function mount() {
  const root = document.getElementById("lumaleasing-tours-root");
  const config = window.LumaLeasingToursConfig;
  if (!root || !config || typeof config.restUrl !== "string" || typeof config.nonce !== "string") return;
  root.textContent = "";
  render(<ToursApp config={config} api={createToursApi(config)} Calendar={TourCalendar} />, root);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount, { once: true });
} else {
  mount();
}
