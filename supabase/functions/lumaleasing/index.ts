// The `lumaleasing` function: the widget's API, the calendar connection and the admin
// routes the WordPress plugin calls. Each request authenticates itself (no Supabase JWT).
import { app } from "./app.ts";

Deno.serve(app.handle);
