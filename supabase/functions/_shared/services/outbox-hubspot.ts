// The HubSpot step: bring a lead's contact, or a tour's meeting and its contact, up to
// date with our rows as they are now. Idempotent across retries: HubSpot's ids are kept
// on our rows (the contact on the lead and the booking, the meeting on the booking); a
// contact is upserted by email, and a meeting whose creation went unanswered is found by
// the reference in its internal notes before another is made. Syncs of one booking run
// one at a time (a transaction-scoped advisory lock), so two changes cannot both create.
import type { Tx } from "../adapters/db.ts";
import { withJobs } from "../adapters/db.ts";
import {
  createMeeting,
  findMeetingByRef,
  type HubSpotClient,
  HubSpotError,
  updateMeeting,
  upsertContactByEmail,
} from "../adapters/hubspot.ts";
import type { OutboxPayloadOf } from "../contracts/outbox.ts";
import { meetingProperties, meetingRef, outcomeKey } from "../core/hubspot-meeting.ts";
import { clientFor, type HubSpotConnectionRow, leadStatusMap, loadConnection } from "./hubspot-connection.ts";
import { type EffectResult, type OutboxRow, PermanentError, propertyFor, prospectTour, type Run } from "./outbox-run.ts";

export async function syncHubSpot(run: Run, row: OutboxRow, payload: OutboxPayloadOf<"hubspot_sync">): Promise<EffectResult> {
  try {
    const result = await withJobs(async (tx) => {
      const conn = await loadConnection(tx, row.property_id);
      if (!conn) return { skipped: "HubSpot is not connected" } as EffectResult;
      const client = await clientFor(conn, run.d.encryptionKey);
      const out = payload.type === "contact"
        ? await syncContact(tx, client, row, payload.leadId)
        : await syncMeeting(tx, client, run, row, conn, payload.bookingId);
      await tx`update public.hubspot_connections set last_sync_at = ${run.d.clock.now()}, last_error = null, last_error_at = null
        where property_id = ${row.property_id}`;
      return out;
    }, run.d.sql);
    return result;
  } catch (err) {
    if (err instanceof HubSpotError || err instanceof PermanentError) {
      const message = err.message.slice(0, 300);
      await withJobs((tx) =>
        tx`update public.hubspot_connections set last_error = ${message}, last_error_at = ${run.d.clock.now()}
          where property_id = ${row.property_id}`, run.d.sql).catch(() => {});
    }
    throw err;
  }
}

async function syncContact(tx: Tx, client: HubSpotClient, row: OutboxRow, leadId: string): Promise<EffectResult> {
  const [lead] = await tx<{ email: string | null; first_name: string | null; last_name: string | null; phone: string | null }[]>`
    select email, first_name, last_name, phone from public.leads where id = ${leadId} and property_id = ${row.property_id}`;
  if (!lead) throw new PermanentError(`lead ${leadId} not found`);
  if (!lead.email) return { skipped: "the lead has no email" };
  const contactId = await upsertContactByEmail(client, lead.email, {
    firstname: lead.first_name ?? undefined,
    lastname: lead.last_name ?? undefined,
    phone: lead.phone ?? undefined,
  });
  await tx`update public.leads set hubspot_contact_id = ${contactId} where id = ${leadId}`;
  return { providerMessageId: contactId };
}

interface TourRow {
  id: string;
  status: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  special_requests: string | null;
  start_at: Date;
  end_at: Date;
  previous_start_at: Date | null;
  lead_id: string | null;
  hubspot_meeting_id: string | null;
}

async function syncMeeting(
  tx: Tx,
  client: HubSpotClient,
  run: Run,
  row: OutboxRow,
  conn: HubSpotConnectionRow,
  bookingId: string,
): Promise<EffectResult> {
  // One sync of this booking at a time, until this transaction ends.
  await tx`select pg_advisory_xact_lock(hashtextextended(${`hubspot:${bookingId}`}, 0))`;
  const [b] = await tx<TourRow[]>`select id, status, first_name, last_name, email, phone, special_requests, start_at, end_at,
      previous_start_at, lead_id, hubspot_meeting_id
    from public.tour_bookings where id = ${bookingId} and property_id = ${row.property_id}`;
  if (!b) throw new PermanentError(`booking ${bookingId} not found`);
  const property = propertyFor(run, row);

  const status = leadStatusMap(conn)[outcomeKey(b.status)];
  const contactId = await upsertContactByEmail(client, b.email, {
    firstname: b.first_name,
    lastname: b.last_name,
    phone: b.phone ?? undefined,
    hs_lead_status: status ?? undefined,
  });

  const props = meetingProperties({ bookingId: b.id, status: b.status, ...prospectTour(b) }, { name: property.name, address: property.address, timeZone: property.time_zone });

  let meetingId = b.hubspot_meeting_id;
  let how = "updated";
  if (meetingId && !(await updateMeeting(client, meetingId, props))) meetingId = null; // deleted in HubSpot
  if (!meetingId) {
    // An earlier attempt may have made it and never heard back.
    meetingId = await findMeetingByRef(client, meetingRef(b.id));
    if (meetingId) {
      how = "found by reference";
      await updateMeeting(client, meetingId, props);
    } else {
      how = "created";
      meetingId = await createMeeting(client, props, contactId);
    }
  }
  await tx`update public.tour_bookings set hubspot_meeting_id = ${meetingId}, hubspot_contact_id = ${contactId} where id = ${b.id}`;
  if (b.lead_id) await tx`update public.leads set hubspot_contact_id = ${contactId} where id = ${b.lead_id}`;
  return { providerMessageId: meetingId, note: `meeting ${how}` };
}
