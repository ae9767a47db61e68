// Does a chat message ask to tour the property? English and Spanish, tolerant of casing,
// punctuation, accents and one-letter typos.
//
// Decisions on near misses (see intent.fixtures.ts):
// - Media about a tour ("what's your tour of the amenities video?", "is there a virtual
//   tour on your site?") is NOT a tour request: the visitor wants to watch something.
//   With an explicit booking verb ("schedule a virtual tour") it is.
// - Managing an existing tour ("cancel/reschedule my tour") and past tours ("I toured
//   last week") are NOT requests for a new tour: the widget's calendar would not help.
// - Guests visiting a resident ("my guests want to visit me", "mis visitas") are not tours.
// - Seeing things that are not a home ("see the floor plans", "ver el contrato") is not a tour.
import { editDistance, tokenize } from "./text.ts";

const TOUR_WORDS = new Set(
  ("tour tours touring showing showings viewing viewings walkthrough appointment " +
    "visit visits visiting visita visitas visitar visitarlos visitarlas visitarte visitarles " +
    "recorrido recorridos cita").split(" "),
);

// Verbs of seeing a home, followed within four words by one of HOME_NOUNS.
const SEE_VERBS = new Set(
  "see view show check look ver mostrar mostrarme ensenar ensenarme conocer".split(" "),
);
const HOME_NOUNS = new Set(
  ("apartment apartments apt unit units place property community building studio studios model home bedroom bedrooms br " +
    "apartamento apartamentos departamento departamentos depa depas unidad unidades lugar propiedad edificio comunidad casa modelo recamara recamaras estudio").split(" "),
);
// Pronoun forms that need no noun: "ir a verlo", "see it".
const SEE_PRONOUNS = new Set("verlo verla verlos verlas conocerlo conocerla conocerlos conocerlas".split(" "));

// "come by", "stop by", "ir a ver", "pasar a conocer".
const MOVE_PHRASES =
  / (come|coming) (by|in|over|out|see|look|check|visit|tour|take)\b| (stop|drop|swing|pop) (by|in)\b| (see|show (me|us)) (it|them|one|around)\b| (ir|pasar|venir|vengo|voy) a (ver|conocer)/;

// Without a booking verb, any of these turns "tour" talk into a question about media.
const MEDIA = new Set(
  "video videos virtual 3d 360 online website site webpage watch photo photos picture pictures pics link youtube fotos foto pagina sitio web enlace linea".split(" "),
);
const BOOKING_VERBS = new Set("schedule book arrange reserve agendar programar reservar apartar".split(" "));

// Changing or cancelling an existing tour is handled by the manage link, not a new booking.
const MANAGE_WORDS = new Set(
  "cancel cancelled canceled cancelling canceling cancellation reschedule rescheduling cancelar cancelo reprogramar reagendar".split(" "),
);

// Words one typo away from a signal word, that are real words of their own.
const NOT_TYPOS = new Set(
  "hours yours fours pours sours pouring souring touting snowing slowing blowing glowing flowing stowing vista vistas visitor visitors deserve".split(" "),
);
const SHORT_TYPOS: Record<string, string> = { tuor: "tour", toor: "tour", tuors: "tours", vist: "visit", veiw: "view" };
const FUZZY_TARGETS = [...TOUR_WORDS, ...BOOKING_VERBS, ...HOME_NOUNS].filter((w) => w.length >= 5);
const KNOWN = new Set([...TOUR_WORDS, ...SEE_VERBS, ...HOME_NOUNS, ...BOOKING_VERBS, ...MEDIA, ...MANAGE_WORDS, ...NOT_TYPOS]);

function correct(token: string): string {
  if (SHORT_TYPOS[token]) return SHORT_TYPOS[token];
  if (token.length < 5 || KNOWN.has(token)) return token;
  return FUZZY_TARGETS.find((target) => editDistance(token, target) <= 1) ?? token;
}

function mentionsTour(tokens: string[]): boolean {
  return tokens.some((t, i) => {
    if (!TOUR_WORDS.has(t)) return false;
    // "visit me/my place" is a guest; "mis visitas" are the resident's guests.
    if (t.startsWith("visit") && (tokens[i + 1] === "me" || /^(mis|tus|sus)$/.test(tokens[i - 1] ?? ""))) return false;
    return true;
  });
}

function seesAHome(tokens: string[]): boolean {
  return tokens.some((t, i) => {
    if (SEE_PRONOUNS.has(t)) return true;
    if (!SEE_VERBS.has(t)) return false;
    return tokens.slice(i + 1, i + 5).some((w) => HOME_NOUNS.has(w));
  });
}

export function detectTourIntent(text: string): boolean {
  const tokens = tokenize(text).map(correct);
  if (tokens.some((t) => MANAGE_WORDS.has(t))) return false;
  const joined = " " + tokens.join(" ") + " ";
  if (!(mentionsTour(tokens) || seesAHome(tokens) || MOVE_PHRASES.test(joined))) return false;
  const aboutMedia = tokens.some((t) => MEDIA.has(t));
  return !aboutMedia || tokens.some((t) => BOOKING_VERBS.has(t)) || / set up /.test(joined);
}
