// HubSpot's CRM v3 as the sync uses it: account details (to check a token), contacts
// upserted by email, meetings created with their contact association, found again by
// the reference we write into their internal notes, and updated.
import {
  HubSpotAccountDetails,
  HubSpotBatchResult,
  HubSpotObject,
  HubSpotSearchResult,
} from "../contracts/hubspot.ts";
import type { Env } from "./env.ts";
import { HubSpotError } from "./hubspot-error.ts";
import { type HubSpotClient, hubspotRequest } from "./hubspot-http.ts";

export { HubSpotError } from "./hubspot-error.ts";
export type { HubSpotClient } from "./hubspot-http.ts";

export const DEFAULT_HUBSPOT_API_URL = "https://api.hubapi.com";
/** HubSpot-defined association type: meeting → contact. */
export const MEETING_TO_CONTACT_TYPE_ID = 200;

export function hubspotApiUrl(env: Env = Deno.env): string {
  return (env.get("HUBSPOT_API_URL")?.trim() || DEFAULT_HUBSPOT_API_URL).replace(/\/+$/, "");
}

/** The cheapest authenticated call: which portal the token belongs to. */
export async function accountDetails(client: HubSpotClient): Promise<HubSpotAccountDetails> {
  return await hubspotRequest(client, {
    what: "account-info.details",
    method: "GET",
    path: "/account-info/v3/details",
    schema: HubSpotAccountDetails,
  });
}

export type ContactProperties = Partial<Record<"firstname" | "lastname" | "phone" | "hs_lead_status" | "lifecyclestage", string>>;

/**
 * Creates or updates the contact with this email, in one call that is safe to repeat
 * (HubSpot's batch upsert keyed on the email: a retry after a lost answer finds the
 * contact the first call made). Answers the contact's id.
 */
export async function upsertContactByEmail(client: HubSpotClient, email: string, properties: ContactProperties): Promise<string> {
  const clean = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined && v !== ""));
  const answer = await hubspotRequest(client, {
    what: "contacts.upsert",
    method: "POST",
    path: "/crm/v3/objects/contacts/batch/upsert",
    json: { inputs: [{ idProperty: "email", id: email, properties: clean }] },
    schema: HubSpotBatchResult,
  });
  const contact = answer.results[0];
  if (!contact) throw new HubSpotError("contacts.upsert: HubSpot answered no contact", 200, "invalid_response", true);
  return contact.id;
}

export async function findContactByEmail(client: HubSpotClient, email: string): Promise<string | null> {
  const answer = await hubspotRequest(client, {
    what: "contacts.search",
    method: "POST",
    path: "/crm/v3/objects/contacts/search",
    json: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["email"], limit: 1 },
    schema: HubSpotSearchResult,
  });
  return answer.results[0]?.id ?? null;
}

export async function updateContact(client: HubSpotClient, id: string, properties: ContactProperties): Promise<void> {
  await hubspotRequest(client, {
    what: "contacts.update",
    method: "PATCH",
    path: `/crm/v3/objects/contacts/${encodeURIComponent(id)}`,
    json: { properties },
    schema: HubSpotObject,
  });
}

export type MeetingOutcome = "SCHEDULED" | "COMPLETED" | "RESCHEDULED" | "NO_SHOW" | "CANCELED";

export interface MeetingProperties {
  hs_timestamp: string;
  hs_meeting_title: string;
  hs_meeting_body?: string;
  hs_internal_meeting_notes: string;
  hs_meeting_location?: string;
  hs_meeting_start_time: string;
  hs_meeting_end_time: string;
  hs_meeting_outcome: MeetingOutcome;
}

/** The meeting whose internal notes carry `ref` (a token no other meeting has), if any. */
export async function findMeetingByRef(client: HubSpotClient, ref: string): Promise<string | null> {
  const answer = await hubspotRequest(client, {
    what: "meetings.search",
    method: "POST",
    path: "/crm/v3/objects/meetings/search",
    json: {
      filterGroups: [{ filters: [{ propertyName: "hs_internal_meeting_notes", operator: "CONTAINS_TOKEN", value: ref }] }],
      properties: ["hs_internal_meeting_notes"],
      limit: 5,
    },
    schema: HubSpotSearchResult,
  });
  const exact = answer.results.find((m) => m.properties.hs_internal_meeting_notes?.includes(ref));
  return exact?.id ?? null;
}

export async function createMeeting(client: HubSpotClient, properties: MeetingProperties, contactId: string): Promise<string> {
  const meeting = await hubspotRequest(client, {
    what: "meetings.create",
    method: "POST",
    path: "/crm/v3/objects/meetings",
    json: {
      properties,
      associations: [{
        to: { id: contactId },
        types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: MEETING_TO_CONTACT_TYPE_ID }],
      }],
    },
    schema: HubSpotObject,
  });
  return meeting.id;
}

/** Updates the meeting; false when HubSpot no longer has it (deleted there). */
export async function updateMeeting(client: HubSpotClient, id: string, properties: Partial<MeetingProperties>): Promise<boolean> {
  try {
    await hubspotRequest(client, {
      what: "meetings.update",
      method: "PATCH",
      path: `/crm/v3/objects/meetings/${encodeURIComponent(id)}`,
      json: { properties },
      schema: HubSpotObject,
    });
    return true;
  } catch (err) {
    if (err instanceof HubSpotError && err.status === 404) return false;
    throw err;
  }
}
