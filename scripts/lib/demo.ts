// The demo property's public demo values (see supabase/seed.sql). Local use only.
export const DEMO = {
  propertyId: "b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  widgetKey: "llwk_demo_lumaheights_4f9c2a7e1b",
  siteSecret: "llss_demo_lumaheights_local_only_9d27f1c3",
  agents: ["pm@example.com", "agent2@example.com"],
} as const;
