// Entry of lumaleasing.js, the tiny loader a page includes.
import { install } from "./install.ts";

install(window, document.currentScript as HTMLScriptElement | null);
