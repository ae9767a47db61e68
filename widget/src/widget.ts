// Entry of lumaleasing-widget.js (the full widget, loaded by lumaleasing.js).
import { boot } from "./boot.ts";

boot(window, document.currentScript as HTMLScriptElement | null);
