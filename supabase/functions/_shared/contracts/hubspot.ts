// HubSpot's answers as we rely on them (CRM v3 objects, search, batch upsert, account
// details), and the WordPress routes' requests for the HubSpot connection.
import { z } from "zod";

export const HubSpotObject = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()).default({}),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
export type HubSpotObject = z.infer<typeof HubSpotObject>;

export const HubSpotSearchResult = z.object({
  total: z.number().int(),
  results: z.array(HubSpotObject),
});

export const HubSpotBatchResult = z.object({
  status: z.string(),
  results: z.array(HubSpotObject),
});

export const HubSpotAccountDetails = z.object({
  portalId: z.number().int(),
  timeZone: z.string().optional(),
  uiDomain: z.string().optional(),
  dataHostingLocation: z.string().optional(),
});
export type HubSpotAccountDetails = z.infer<typeof HubSpotAccountDetails>;

/** HubSpot's standard contact lead statuses (hs_lead_status). */
export const LeadStatus = z.enum([
  "NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING",
]);
export type LeadStatus = z.infer<typeof LeadStatus>;

/** Which lead status each tour outcome sets on the contact; null leaves it alone. */
export const LeadStatusMap = z.object({
  booked: LeadStatus.nullable(),
  completed: LeadStatus.nullable(),
  no_show: LeadStatus.nullable(),
  cancelled: LeadStatus.nullable(),
}).strict();
export type LeadStatusMap = z.infer<typeof LeadStatusMap>;

export const DEFAULT_LEAD_STATUS_MAP: LeadStatusMap = {
  booked: "OPEN",
  completed: "CONNECTED",
  no_show: "ATTEMPTED_TO_CONTACT",
  cancelled: null,
};

export const HubSpotConnectRequest = z.object({
  token: z.string().trim().min(1, "Paste the private app's access token.").max(200, "That is too long for an access token.")
    .regex(/^pat-[a-z0-9]+-[A-Za-z0-9-]+$/, "A private app access token starts with pat- (for example pat-na1-…)."),
}).strict();

export const HubSpotSettingsRequest = z.object({ leadStatusMap: LeadStatusMap.partial() }).strict();

export interface HubSpotStatus {
  success: true;
  connected: boolean;
  portalId: number | null;
  uiDomain: string | null;
  connectedAt: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  leadStatusMap: LeadStatusMap;
}
