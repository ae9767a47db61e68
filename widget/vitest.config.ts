// Component and unit tests for the visitor widget: `npx vitest run --config widget/vitest.config.ts`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // Process the widget stylesheet so tests can check what goes into the shadow root.
    css: { include: [/styles\.css/] },
    // Every test name is printed, so a run shows what was checked.
    reporters: ["verbose"],
  },
});
