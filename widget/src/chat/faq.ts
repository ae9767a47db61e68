// Answer a question from the property's FAQ entries with simple keyword scoring.
import type { Faq } from "../api/types.ts";
import { normalize, stem, tokenize } from "./text.ts";

const STOPWORDS = new Set(
  ("the and for are you your yours what whats how much many does can with have has any there this that from about " +
    "los las del una uno que como cual cuanto cuanta tienen tiene para por con hay son esta este").split(" "),
);

const contentStems = (text: string) => new Set(tokenize(text).filter((t) => t.length > 2 && !STOPWORDS.has(t)).map(stem));

/**
 * Each keyword found in the message scores 3 (a keyword of several words must appear as a
 * phrase); each content word shared with the FAQ's question scores 1. The best entry wins
 * when it scores at least 2, so one stray shared word is not enough.
 */
export function matchFaq(text: string, faqs: readonly Faq[]): Faq | null {
  const message = " " + normalize(text) + " ";
  const messageStems = contentStems(text);
  let best: Faq | null = null;
  let bestScore = 1;
  for (const faq of faqs) {
    let score = 0;
    for (const keyword of faq.keywords) {
      const k = normalize(keyword);
      if (!k) continue;
      const hit = k.includes(" ") ? message.includes(" " + k + " ") : messageStems.has(stem(k)) || message.includes(" " + k + " ");
      if (hit) score += 3;
    }
    for (const s of contentStems(faq.question)) if (messageStems.has(s)) score += 1;
    if (score > bestScore) {
      best = faq;
      bestScore = score;
    }
  }
  return best;
}
