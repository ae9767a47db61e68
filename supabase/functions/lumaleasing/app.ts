import { json, router } from "../_shared/adapters/http.ts";

export const app = router("lumaleasing");

app.get("/health", () => json(200, { success: true, service: "lumaleasing" }));
