// Google accounts, each with one primary calendar whose id is the account's email.
import { subjectFor } from "./ids.ts";
import { emitChange, type EmulatorState } from "./state.ts";
import { isValidTimeZone } from "./time.ts";
import type { Account } from "./types.ts";
import { revokeGrants } from "./tokens.ts";

export interface AccountInput {
  email: string;
  name?: string;
  timeZone?: string;
  testing?: boolean;
  deleted?: boolean;
}

export const defaultTimeZone = "America/Chicago";

export class InputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function nameFromEmail(email: string): string {
  return email.split("@")[0].split(/[._-]+/).filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1)).join(" ");
}

/** Creates or updates an account; deleting one kills its grants and tells its watchers the calendar is gone. */
export function upsertAccount(state: EmulatorState, input: AccountInput): Account {
  if (typeof input.email !== "string" || !emailPattern.test(input.email.trim())) {
    throw new InputError("email", "email must be an email address");
  }
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    throw new InputError("timeZone", `unknown IANA time zone: ${input.timeZone}`);
  }
  const email = normalizeEmail(input.email);
  const existing = state.accounts.get(email);
  const account: Account = {
    email,
    name: input.name ?? existing?.name ?? nameFromEmail(email),
    sub: existing?.sub ?? subjectFor(email),
    timeZone: input.timeZone ?? existing?.timeZone ?? defaultTimeZone,
    testing: input.testing ?? existing?.testing ?? false,
    deleted: input.deleted ?? existing?.deleted ?? false,
    picture: `https://lh3.googleusercontent.com/a/emulator-${subjectFor(email)}=s96-c`,
  };
  state.accounts.set(email, account);
  if (!state.calendars.has(email)) {
    state.calendars.set(email, { id: email, ownerEmail: email, syncGeneration: 0, events: new Map() });
  }
  if (account.deleted && !existing?.deleted) {
    revokeGrants(state, email);
    emitChange(state, { calendarId: email, kind: "gone" });
  }
  return account;
}

/** A live (not deleted) account, or undefined. */
export function liveAccount(state: EmulatorState, email: string): Account | undefined {
  const account = state.accounts.get(normalizeEmail(email));
  return account && !account.deleted ? account : undefined;
}
