// Spot contact details a visitor types into the chat, for lead capture.

export interface ContactDetails {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
}

const EMAIL = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}/i;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const NAME_WORD = "\\p{L}[\\p{L}'’-]*";
const STRONG_NAME_INTRO = new RegExp(`(?:my name is|name's|me llamo|mi nombre es)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`, "iu");
// "I'm Jane" / "soy Jane" only count with a capital letter, so "I'm interested" is no name.
const CAPITALISED = "\\p{Lu}[\\p{L}'’-]*";
const WEAK_NAME_INTRO = new RegExp(`(?:\\bI'?m|\\bI am|\\bthis is|\\bsoy)\\s+(${CAPITALISED}(?:\\s+${CAPITALISED}){0,2})`, "u");

export function findEmail(text: string): string | undefined {
  return text.match(EMAIL)?.[0].replace(/[.]+$/, "");
}

/** A phone number of 10 to 15 digits (local 7-digit numbers are too ambiguous). */
export function findPhone(text: string): string | undefined {
  for (const candidate of text.replace(EMAIL, " ").match(PHONE) ?? []) {
    const digits = candidate.replace(/\D/g, "");
    if (digits.length >= 10 && digits.length <= 15) return candidate.trim();
  }
  return undefined;
}

export function splitName(full: string): Pick<ContactDetails, "firstName" | "lastName"> {
  const words = full.trim().split(/\s+/).filter(Boolean);
  return { firstName: words[0], lastName: words.length > 1 ? words.slice(1).join(" ") : undefined };
}

/** A name introduced in a message ("my name is Ana Ruiz", "I'm Jane", "me llamo Luis"). */
export function findIntroducedName(text: string): string | undefined {
  return (text.match(STRONG_NAME_INTRO) ?? text.match(WEAK_NAME_INTRO))?.[1];
}

/** A reply to "what's your name?": one to four words of letters, lead-ins removed. */
export function nameFromReply(text: string): string | undefined {
  const introduced = findIntroducedName(text);
  if (introduced) return introduced;
  const bare = text.trim().replace(/[.!]+$/, "").replace(/^(it's|its|soy)\s+/i, "");
  return new RegExp(`^${NAME_WORD}(\\s+${NAME_WORD}){0,3}$`, "u").test(bare) ? bare : undefined;
}

export function findContact(text: string): ContactDetails {
  const email = findEmail(text);
  const phone = findPhone(text);
  const name = findIntroducedName(text);
  return { ...(name ? splitName(name) : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
