// Comparing secrets (the cron secret, a watch channel's token) without leaking, through
// timing, where a guess first differs: both sides are hashed to 32 bytes, then every
// byte is compared.
const encoder = new TextEncoder();

export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
