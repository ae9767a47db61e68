// Tests of the settings page's Calendars app:
//   npx vitest run --config widget/admin/vitest.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    // Dates are asserted in US English whatever the machine says.
    env: { TZ: "America/Chicago", LANG: "en_US.UTF-8" },
    restoreMocks: true,
  },
});
