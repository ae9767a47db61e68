// Browser end-to-end tests (real Chromium through playwright-core) against a running stack:
//   LUMALEASING_STACK_FILE=<state>/stack.json npx vitest run --config widget/e2e/vitest.config.ts
// Files run one after another: they share one stack, one WordPress and the emulator's faults.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["**/*.e2e.test.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Every test name and what it prints is shown, so a run says what was checked.
    reporters: ["verbose"],
  },
});
