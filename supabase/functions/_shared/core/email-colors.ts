// Email colours: the brand colour is used as a background with whichever text reads best.

export const DEFAULT_BRAND_COLOR = "#1d4ed8";
export const BODY_TEXT = "#1f2937"; // 14.7:1 on white
export const MUTED_TEXT = "#4b5563"; // 7.6:1 on white
export const PAGE_BACKGROUND = "#f3f4f6";

export function normalizeHexColor(color: string): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return `#${hex.toLowerCase()}`;
}

export function relativeLuminance(hexColor: string): number {
  const hex = normalizeHexColor(hexColor) ?? DEFAULT_BRAND_COLOR;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * White or dark text for a background, whichever contrasts more; pure black when
 * neither reaches 4.5:1 (mid-tones), since black always does (≥ 4.58:1).
 */
export function textColorOn(background: string): string {
  const candidates = ["#ffffff", "#111827"];
  const best = candidates.reduce((a, b) => (contrastRatio(b, background) > contrastRatio(a, background) ? b : a));
  return contrastRatio(best, background) >= 4.5 ? best : "#000000";
}

/** The brand colour for links on white when it is readable there, else the body colour. */
export function linkColor(brand: string): string {
  return contrastRatio(brand, "#ffffff") >= 4.5 ? brand : BODY_TEXT;
}
