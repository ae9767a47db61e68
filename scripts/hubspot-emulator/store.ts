// The emulator's CRM: per portal (account), contacts and meetings as HubSpot keeps them —
// string ids, every property a string, createdAt/updatedAt, meeting→contact associations.
import type { Clock } from "../../supabase/functions/_shared/adapters/clock.ts";

export type ObjectType = "contacts" | "meetings";

export interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** meeting → contact ids, with the association type id used. */
  associations: Array<{ toId: string; typeId: number }>;
}

export interface Portal {
  portalId: number;
  contacts: Map<string, CrmObject>;
  meetings: Map<string, CrmObject>;
}

export const LEAD_STATUSES = [
  "NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING",
] as const;
export const MEETING_OUTCOMES = ["SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"] as const;

/** What a GET answers without `properties=`, as HubSpot does. */
export const DEFAULT_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  meetings: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

export class CrmStore {
  readonly portals = new Map<number, Portal>();
  #nextId = 51_000_000_001;

  constructor(private readonly clock: Clock) {}

  portal(portalId: number): Portal {
    let p = this.portals.get(portalId);
    if (!p) {
      p = { portalId, contacts: new Map(), meetings: new Map() };
      this.portals.set(portalId, p);
    }
    return p;
  }

  create(portal: Portal, type: ObjectType, properties: Record<string, string | null>, associations: CrmObject["associations"] = []) {
    const id = String(this.#nextId++);
    const now = this.clock.now().toISOString();
    const stamp: Record<string, string> = type === "contacts" ? { createdate: now, lastmodifieddate: now } : { hs_createdate: now, hs_lastmodifieddate: now };
    const obj: CrmObject = {
      id,
      properties: { ...properties, ...stamp, hs_object_id: id },
      createdAt: now,
      updatedAt: now,
      archived: false,
      associations,
    };
    portal[type].set(id, obj);
    return obj;
  }

  update(obj: CrmObject, type: ObjectType, properties: Record<string, string | null>) {
    const now = this.clock.now().toISOString();
    Object.assign(obj.properties, properties, type === "contacts" ? { lastmodifieddate: now } : { hs_lastmodifieddate: now });
    obj.updatedAt = now;
    return obj;
  }

  contactByEmail(portal: Portal, email: string): CrmObject | undefined {
    const wanted = email.trim().toLowerCase();
    for (const c of portal.contacts.values()) if (!c.archived && c.properties.email?.toLowerCase() === wanted) return c;
    return undefined;
  }

  clear() {
    this.portals.clear();
  }
}

/** The object as HubSpot answers it: the default properties plus those asked for. */
export function present(obj: CrmObject, type: ObjectType, asked: string[] = [], withAssociations = false) {
  const names = new Set([...DEFAULT_PROPERTIES[type], ...asked]);
  const properties: Record<string, string | null> = {};
  for (const name of names) if (name in obj.properties) properties[name] = obj.properties[name];
  const out: Record<string, unknown> = {
    id: obj.id,
    properties,
    createdAt: obj.createdAt,
    updatedAt: obj.updatedAt,
    archived: obj.archived,
  };
  if (withAssociations && type === "meetings" && obj.associations.length) {
    out.associations = {
      contacts: { results: obj.associations.map((a) => ({ id: a.toId, type: "meeting_event_to_contact" })) },
    };
  }
  return out;
}

/** Every property of the object, for the control API and the page. */
export function full(obj: CrmObject) {
  return { ...obj, properties: { ...obj.properties } };
}
