import { describe, expect, it } from "vitest";
import { detectTourIntent } from "../src/chat/intent.ts";
import { INTENT_FIXTURES } from "../src/chat/intent.fixtures.ts";

describe("detectTourIntent", () => {
  it("has a labelled set of at least 150 utterances, about half positive", () => {
    const positives = INTENT_FIXTURES.filter(([, label]) => label).length;
    expect(INTENT_FIXTURES.length).toBeGreaterThanOrEqual(150);
    expect(positives / INTENT_FIXTURES.length).toBeGreaterThan(0.4);
    expect(positives / INTENT_FIXTURES.length).toBeLessThan(0.6);
  });

  it("reaches precision and recall of at least 0.95 on the labelled set", () => {
    let tp = 0, fp = 0, fn = 0;
    const misses: string[] = [];
    for (const [text, label] of INTENT_FIXTURES) {
      const predicted = detectTourIntent(text);
      if (predicted && label) tp++;
      else if (predicted && !label) (fp++, misses.push(`false positive: ${text}`));
      else if (!predicted && label) (fn++, misses.push(`false negative: ${text}`));
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`tour intent on ${INTENT_FIXTURES.length} utterances: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    if (misses.length) console.log(misses.join("\n"));
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ["I'd like to schedule a tour", true],
    ["can I come see a 2 bedroom on Saturday?", true],
    ["quiero visitar el apartamento", true],
    ["¿puedo agendar una visita?", true],
    ["how much is rent?", false],
    ["do you allow pets?", false],
    ["what's your tour of the amenities video?", false],
  ] as const)("classifies %j as %s", (text, expected) => {
    expect(detectTourIntent(text)).toBe(expected);
  });
});
