// The widget build of vite.config.ts, for the size benchmark: only the English widget,
// into LUMALEASING_SIZE_OUT, optionally
//   - without one feature (LUMALEASING_SIZE_STUB=<regular expression of its module paths>):
//     those modules are replaced by stubs exporting the same names, so the difference in
//     size is the feature's cost;
//   - or as the bare stack (LUMALEASING_SIZE_STUB=everything): a component that reads a
//     signal and uses a hook, rendered with Preact: what any widget on this stack ships.
import { readFileSync } from "node:fs";
import type { Plugin, UserConfig } from "vite";
import base from "../../vite.config.ts";

// Vite resolves a library entry against the root; the plugin answers for that path.
const STACK_ONLY = "lumaleasing-stack-only.js";
const STACK_ONLY_SOURCE = `
import { h, render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { batch, computed, effect, signal } from "@preact/signals";
const count = signal(0);
const doubled = computed(() => count.value * 2);
function App() {
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  return h("button", { ref, onClick: () => batch(() => count.value++) }, doubled.value);
}
effect(() => document.title = String(count.value));
render(h(App, null), document.body);
`;

/** A module with the same value exports as `source`, each doing nothing. */
function stubOf(source: string): string {
  const names = [...source.matchAll(/^export\s+(?:async\s+)?(?:function|const|let|class)\s+(\w+)/gm)].map((m) => m[1]);
  return names.map((name) => `export const ${name} = () => null;`).join("\n");
}

const stub = process.env.LUMALEASING_SIZE_STUB ?? "";
const stackOnly = stub === "everything";
const stubbed = stub && !stackOnly ? new RegExp(stub) : null;
const outDir = process.env.LUMALEASING_SIZE_OUT;
if (!outDir) throw new Error("LUMALEASING_SIZE_OUT must name the output directory");

const stubs: Plugin = {
  name: "lumaleasing-size-stubs",
  enforce: "pre",
  resolveId: (id) => (id.endsWith(STACK_ONLY) ? "\0" + STACK_ONLY : null),
  load(id) {
    if (id === "\0" + STACK_ONLY) return STACK_ONLY_SOURCE;
    const path = id.split("?")[0];
    if (!stubbed?.test(path)) return null;
    return path.endsWith(".css") ? "" : stubOf(readFileSync(path, "utf8"));
  },
};

const widget = base.environments!.widget;
const config: UserConfig = {
  ...base,
  plugins: [stubs, ...(base.plugins ?? [])],
  environments: {
    widget: {
      ...widget,
      build: {
        ...widget.build,
        outDir,
        lib: { ...widget.build!.lib as object, entry: stackOnly ? STACK_ONLY : (widget.build!.lib as { entry: string }).entry } as never,
      },
    },
  },
  builder: { buildApp: async (builder) => void await builder.build(builder.environments.widget) },
};
export default config;
