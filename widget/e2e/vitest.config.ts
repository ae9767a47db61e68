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
    // Checks the stack is up and rebuilds the widget when its sources are newer than the assets.
    globalSetup: ["./global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // expect.poll retries until the page gets there: state arrives after renders, effects
    // and network answers, later on a loaded machine. 10 s, well inside each test's budget.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    // Every test name and what it prints is shown, so a run says what was checked.
    reporters: ["verbose"],
    // Logs go straight to the terminal in order, without a header per line.
    disableConsoleIntercept: true,
  },
});
