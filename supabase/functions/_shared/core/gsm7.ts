// GSM-7 (3GPP TS 23.038): the default alphabet and its extension table, how many septets
// a text takes, how a carrier would split it, and a best-effort transliteration into it.
// Spanish in GSM-7: é ñ Ñ ü Ü ¿ ¡ É are in the basic set; á í ó ú Á Í Ó Ú are not (they
// would force UCS-2, 70 characters a segment), so toGsm7 turns them into a e i o u.

const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
// Each costs two septets (escape + character).
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€");

/** Septets the text takes in GSM-7, or null when it needs UCS-2. */
export function gsm7Septets(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else return null;
  }
  return septets;
}

export function isGsm7(text: string): boolean {
  return gsm7Septets(text) !== null;
}

/** How a carrier would split the text: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2. */
export function smsSegments(text: string): { encoding: "GSM-7" | "UCS-2"; units: number; segments: number } {
  const septets = gsm7Septets(text);
  if (septets !== null) {
    return { encoding: "GSM-7", units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

const GSM7_LOOKALIKES: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "`": "'",
  "\u00b4": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2033": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2012": "-",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u00a0": " ",
  "\u2022": "-",
  "\u00b7": "-",
  "\t": " ",
  // Letters that Unicode does not decompose into a base letter plus an accent.
  "Ł": "L",
  "ł": "l",
  "Đ": "D",
  "đ": "d",
  "ı": "i",
  "Ħ": "H",
  "ħ": "h",
  "Œ": "OE",
  "œ": "oe",
  "Þ": "Th",
  "þ": "th",
  "ð": "d",
};

/** Best-effort GSM-7 version of free text: look-alikes swapped, accents dropped, the rest removed. */
export function toGsm7(text: string): string {
  let out = "";
  for (const ch of text) {
    if (GSM7_BASIC.has(ch) || GSM7_EXTENSION.has(ch)) out += ch;
    else if (ch in GSM7_LOOKALIKES) out += GSM7_LOOKALIKES[ch];
    else {
      for (const part of ch.normalize("NFKD")) {
        if (GSM7_BASIC.has(part) || GSM7_EXTENSION.has(part)) out += part;
      }
    }
  }
  return out.replace(/[\r\n\f]+/g, " ").replace(/ {2,}/g, " ").trim();
}
