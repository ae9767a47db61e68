// node:assert/strict, re-exported for tests that import it from here; with @types/node
// installed, tests can import "node:assert/strict" directly.
export { default } from "node:assert/strict";
