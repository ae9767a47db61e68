// The loader (lumaleasing.js): read the config, install the queue stub, draw only the
// launcher button, and fetch the full widget on first open or when the browser is idle.
// Kept tiny (≤ 2 KB gzipped, checked by the build): no Preact, no i18n modules.
import { INLINE_MIN_HEIGHT, INLINE_SELECTOR, MANAGE_PARAM, widgetFile, type LumaLeasingGlobal } from "../handoff.ts";
import { resolveLang } from "../i18n/lang.ts";
import { DEFAULT_BRAND, parseHex, textOn } from "../theme/color.ts";
import { readConfig } from "./config.ts";

const LABELS = { en: "Chat with us — schedule a tour", es: "Chatea con nosotros — agenda una visita" };
const ICON_CHAT =
  '<svg class="o" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9zm0 4v2h7v-2z"/></svg>';
const ICON_CLOSE =
  '<svg class="x" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/></svg>';

export function install(w: Window, script: HTMLScriptElement | null): LumaLeasingGlobal | undefined {
  const d = w.document;
  const existing = w.lumaleasing;
  if (existing?.c) return existing; // loader included twice
  const config = readConfig(script?.dataset, w.LumaLeasingConfig);
  const queue = existing?.q ?? [];
  let started = false;
  let requested = false;

  function load() {
    if (requested || !started) return;
    requested = true;
    const file = widgetFile(lang);
    const src = new URL(script?.src || file, d.baseURI);
    // Same folder and query (cache-busting ?ver=) as the loader itself.
    src.pathname = src.pathname.replace(/[^/]*$/, file);
    const tag = d.createElement("script");
    tag.src = src.href;
    tag.async = true;
    tag.onerror = () => {
      requested = false; // let a later click try again
      tag.remove();
    };
    d.head.appendChild(tag);
  }

  const api: LumaLeasingGlobal = function () {
    // eslint-disable-next-line prefer-rest-params
    queue.push(arguments);
    load();
  };
  api.q = queue;
  api.c = config;
  w.lumaleasing = api;
  if (!config) {
    console.warn("LumaLeasing: set data-backend and data-widget-key on the script tag, or window.LumaLeasingConfig.");
    return api;
  }

  const lang = resolveLang(config.lang, d.documentElement.lang);
  const manageToken = new URLSearchParams(w.location.search).get(MANAGE_PARAM);
  if (manageToken) queue.push(["manage", manageToken]);

  function start() {
    started = true;
    const inline = d.querySelector(INLINE_SELECTOR);
    api.i = inline;
    // Hold the widget's space until it loads (a page's own reservation wins).
    if (inline instanceof HTMLElement && !inline.style.minHeight) inline.style.minHeight = INLINE_MIN_HEIGHT + "px";
    if (!inline) drawLauncher();
    if (inline || queue.length) return load();
    const idle = (w as Window & { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void }).requestIdleCallback;
    if (idle) idle(load, { timeout: 4000 });
    else w.setTimeout(load, 2500);
  }

  function drawLauncher() {
    const brand = parseHex(config!.color) ?? DEFAULT_BRAND;
    const side = config!.position === "bottom-left" ? "left" : "right";
    const host = d.createElement("div");
    host.className = "lumaleasing-launcher";
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML =
      `<style>:host{all:initial!important}button{position:fixed;z-index:2147483000;bottom:calc(20px + env(safe-area-inset-bottom));${side}:calc(20px + env(safe-area-inset-${side}));` +
      `width:60px;height:60px;margin:0;padding:0;border:0;border-radius:50%;display:grid;place-items:center;cursor:pointer;background:${brand};color:${textOn(brand)};box-shadow:0 4px 14px rgba(0,0,0,.28)}` +
      `button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 3px #fff}svg{width:28px;height:28px}` +
      `[aria-expanded=true] .o,[aria-expanded=false] .x{display:none}@media print{button{display:none}}</style>` +
      `<button type="button" aria-haspopup="dialog" aria-expanded="false">${ICON_CHAT}${ICON_CLOSE}</button>`;
    const button = root.querySelector("button")!;
    button.setAttribute("aria-label", LABELS[lang]);
    button.onclick = () => w.lumaleasing?.("toggle");
    // A visitor heading for the button (pointer, keyboard focus) is about to open it.
    button.onpointerenter = button.onfocus = load;
    api.b = button;
    d.body.appendChild(host);
  }

  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
  return api;
}
