// CRM v3 on HubSpot's paths: contacts (create, read, update, search, batch upsert by
// email) and meetings (create with associations, read, update, search), with HubSpot's
// validation of the enumerated properties and its 409 on a duplicate email.
import { hubspotError, json, notFound, readBody, validationError } from "./errors.ts";
import { type CrmObject, type CrmStore, LEAD_STATUSES, MEETING_OUTCOMES, type ObjectType, type Portal, present } from "./store.ts";

export const MEETING_TO_CONTACT = 200;

const OBJECT_PATH = /^\/crm\/v3\/objects\/(contacts|meetings)(?:\/(search|batch\/upsert|[^/]+))?$/;

export function matchCrm(path: string): { type: ObjectType; rest?: string } | null {
  const m = OBJECT_PATH.exec(path);
  return m ? { type: m[1] as ObjectType, rest: m[2] } : null;
}

type Props = Record<string, string | null>;

/** Property values as HubSpot stores them (strings), or the 400 it answers. */
function readProperties(type: ObjectType, raw: unknown, creating: boolean): Props | Response {
  if (raw === undefined && !creating) return validationError("Invalid input JSON: properties is required");
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return validationError("Invalid input JSON: properties must be an object");
  const out: Props = {};
  const errors: Array<Record<string, unknown>> = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null) out[name] = null;
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[name] = String(value);
    else errors.push({ message: `Property values must be strings`, code: "INVALID_OPTION", context: { propertyName: [name] } });
  }
  const check = (name: string, allowed: readonly string[]) => {
    const v = out[name];
    if (v !== undefined && v !== null && v !== "" && !allowed.includes(v)) {
      errors.push({
        isValid: false,
        message: `${v} was not one of the allowed options: [${allowed.join(", ")}]`,
        error: "INVALID_OPTION",
        name,
      });
    }
  };
  if (type === "contacts") {
    check("hs_lead_status", LEAD_STATUSES);
    if (out.email !== undefined && out.email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(out.email)) {
      errors.push({ isValid: false, message: `Email address ${out.email} is invalid`, error: "INVALID_EMAIL", name: "email" });
    }
  } else {
    check("hs_meeting_outcome", MEETING_OUTCOMES);
    if (creating && !out.hs_timestamp) {
      errors.push({ isValid: false, message: "hs_timestamp is required", error: "REQUIRED_FIELD", name: "hs_timestamp" });
    }
    for (const name of ["hs_timestamp", "hs_meeting_start_time", "hs_meeting_end_time"]) {
      const v = out[name];
      if (v && Number.isNaN(Date.parse(v)) && !/^\d+$/.test(v)) {
        errors.push({ isValid: false, message: `${v} is not a valid datetime`, error: "INVALID_DATETIME", name });
      }
    }
  }
  if (errors.length) return validationError(`Property values were not valid: ${JSON.stringify(errors)}`, errors);
  return out;
}

function readAssociations(portal: Portal, raw: unknown): CrmObject["associations"] | Response {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return validationError("Invalid input JSON: associations must be an array");
  const out: CrmObject["associations"] = [];
  for (const a of raw) {
    const toId = String(a?.to?.id ?? "");
    const types = Array.isArray(a?.types) ? a.types : [];
    if (!toId || !types.length) return validationError("Invalid input JSON: each association needs to.id and types");
    for (const t of types) {
      if (t?.associationCategory !== "HUBSPOT_DEFINED" || t?.associationTypeId !== MEETING_TO_CONTACT) {
        return validationError(`association type ${t?.associationCategory}/${t?.associationTypeId} is not meeting_to_contact`);
      }
    }
    if (!portal.contacts.has(toId)) {
      return hubspotError(400, "VALIDATION_ERROR", `One or more associations are invalid: contact ${toId} does not exist`);
    }
    out.push({ toId, typeId: MEETING_TO_CONTACT });
  }
  return out;
}

export interface CrmContext {
  store: CrmStore;
  portal: Portal;
}

/** Handles a CRM call; `headers` (the rate-limit headers) go on the answer. */
export async function handleCrm(request: Request, url: URL, match: { type: ObjectType; rest?: string }, ctx: CrmContext): Promise<Response> {
  const { type, rest } = match;
  const { store, portal } = ctx;
  const method = request.method;
  if (rest === undefined) {
    if (method === "POST") return await create(request, type, ctx);
    if (method === "GET") {
      const results = [...portal[type].values()].filter((o) => !o.archived).map((o) => present(o, type, askedProperties(url)));
      return json(200, { results });
    }
    return methodNotAllowed();
  }
  if (rest === "search") return method === "POST" ? await search(request, type, ctx) : methodNotAllowed();
  if (rest === "batch/upsert") {
    if (type !== "contacts") return notFound();
    return method === "POST" ? await batchUpsert(request, ctx) : methodNotAllowed();
  }
  const id = decodeURIComponent(rest);
  const obj = portal[type].get(id);
  if (!obj || obj.archived) return notFound();
  if (method === "GET") return json(200, present(obj, type, askedProperties(url), url.searchParams.has("associations")));
  if (method === "PATCH") {
    const body = await readBody(request);
    if (body instanceof Response) return body;
    const props = readProperties(type, body.properties, false);
    if (props instanceof Response) return props;
    if (type === "contacts" && props.email) {
      const other = store.contactByEmail(portal, props.email);
      if (other && other.id !== obj.id) return conflict(other.id);
    }
    store.update(obj, type, props);
    return json(200, present(obj, type, Object.keys(props)));
  }
  if (method === "DELETE") {
    obj.archived = true;
    return new Response(null, { status: 204 });
  }
  return methodNotAllowed();
}

function askedProperties(url: URL): string[] {
  return (url.searchParams.get("properties") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function methodNotAllowed(): Response {
  return hubspotError(405, "METHOD_NOT_ALLOWED", "HTTP method not allowed on this path");
}

function conflict(existingId: string): Response {
  return hubspotError(409, "CONFLICT", `Contact already exists. Existing ID: ${existingId}`);
}

async function create(request: Request, type: ObjectType, { store, portal }: CrmContext): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const props = readProperties(type, body.properties, true);
  if (props instanceof Response) return props;
  if (type === "contacts") {
    if (props.email) {
      const existing = store.contactByEmail(portal, props.email);
      if (existing) return conflict(existing.id);
    }
    if (body.associations !== undefined && Array.isArray(body.associations) && body.associations.length) {
      return validationError("contact associations are not supported here");
    }
    return json(201, present(store.create(portal, type, props), type, Object.keys(props)));
  }
  const associations = readAssociations(portal, body.associations);
  if (associations instanceof Response) return associations;
  return json(201, present(store.create(portal, type, props, associations), type, Object.keys(props)));
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
}

function matches(obj: CrmObject, f: Filter): boolean {
  const v = obj.properties[f.propertyName];
  const value = String(f.value ?? "");
  switch (f.operator) {
    case "EQ":
      return v !== undefined && v !== null && (f.propertyName === "email" ? v.toLowerCase() === value.toLowerCase() : v === value);
    case "NEQ":
      return v !== value;
    case "HAS_PROPERTY":
      return v !== undefined && v !== null && v !== "";
    case "NOT_HAS_PROPERTY":
      return v === undefined || v === null || v === "";
    case "CONTAINS_TOKEN": {
      if (v === undefined || v === null) return false;
      const wanted = value.replace(/^\*|\*$/g, "").toLowerCase();
      return v.toLowerCase().split(/[^a-z0-9_@.:-]+/i).some((token) => token === wanted) || v.toLowerCase().includes(wanted);
    }
    default:
      return false;
  }
}

const OPERATORS = ["EQ", "NEQ", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN"];

async function search(request: Request, type: ObjectType, { portal }: CrmContext): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const groups = Array.isArray(body.filterGroups) ? body.filterGroups as Array<{ filters?: Filter[] }> : [];
  for (const g of groups) {
    for (const f of g.filters ?? []) {
      if (!OPERATORS.includes(f.operator)) return validationError(`Unsupported operator ${f.operator}`);
    }
  }
  const limit = Math.min(200, Math.max(1, Number(body.limit ?? 10) || 10));
  const after = Number(body.after ?? 0) || 0;
  const all = [...portal[type].values()].filter((o) =>
    !o.archived && (groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(o, f))))
  );
  const asked = Array.isArray(body.properties) ? (body.properties as string[]) : [];
  const page = all.slice(after, after + limit).map((o) => present(o, type, asked));
  const out: Record<string, unknown> = { total: all.length, results: page };
  if (after + limit < all.length) out.paging = { next: { after: String(after + limit) } };
  return json(200, out);
}

async function batchUpsert(request: Request, { store, portal }: CrmContext): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const inputs = Array.isArray(body.inputs) ? body.inputs as Array<Record<string, unknown>> : null;
  if (!inputs || inputs.length === 0 || inputs.length > 100) return validationError("inputs must hold 1 to 100 objects");
  const startedAt = new Date().toISOString();
  const checked: Array<{ email: string; props: Props }> = [];
  for (const input of inputs) {
    if (input.idProperty !== "email") return validationError("idProperty must be a unique property; this emulator supports email");
    const email = typeof input.id === "string" ? input.id : "";
    const props = readProperties("contacts", input.properties ?? {}, true);
    if (props instanceof Response) return props;
    if (!email) return validationError("each input needs id (the email)");
    checked.push({ email, props });
  }
  const results = checked.map(({ email, props }) => {
    const existing = store.contactByEmail(portal, email);
    if (existing) return { ...present(store.update(existing, "contacts", props), "contacts", Object.keys(props)), new: false };
    const created = store.create(portal, "contacts", { email: email.toLowerCase(), ...props });
    return { ...present(created, "contacts", Object.keys(props)), new: true };
  });
  return json(200, { status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() });
}
