// Brand colour handling shared by the loader and the widget.

export const DEFAULT_BRAND = "#2f5bea";

/** "#abc" or "#aabbcc" → normalised "#aabbcc"; anything else → null. */
export function parseHex(color: string | null | undefined): string | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((color ?? "").trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
  return "#" + hex.toLowerCase();
}

/** WCAG relative luminance of "#rrggbb". */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export const contrastRatio = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/**
 * White or black, whichever reads better on the brand colour: contrast with white is
 * 1.05 / (L + 0.05) and with black (L + 0.05) / 0.05, equal where (L + 0.05)² = 0.0525.
 * One of the two always reaches at least √21 ≈ 4.58:1, so text on any brand colour
 * passes WCAG AA (4.5:1).
 */
export const textOn = (brand: string): string => ((luminance(brand) + 0.05) ** 2 <= 0.0525 ? "#ffffff" : "#000000");
