import { en, type Strings } from "./en.ts";
import { es } from "./es.ts";
import type { Lang } from "./lang.ts";

export type { Strings };

// Each built bundle carries one language (the loader fetches the matching file), so a visitor
// never downloads the other language's strings. Unbuilt (tests, dev) both are present.
declare const __LUMALEASING_LANG__: Lang | undefined;
export const BUNDLED_LANG: Lang | undefined = typeof __LUMALEASING_LANG__ === "string" ? __LUMALEASING_LANG__ : undefined;

export const stringsFor = (lang: Lang): Strings => ((BUNDLED_LANG ?? lang) === "es" ? es : en);
