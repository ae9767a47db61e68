// ID tokens: RS256 JWTs signed with a key made at start-up, published at /oauth2/v1/certs and /oauth2/v3/certs,
// so OAuth2Client.verifyIdToken works against the emulator as it does against Google.
import { base64UrlEncode, newOpaqueId } from "./ids.ts";

export interface IdTokenSigner {
  kid: string;
  sign(payload: Record<string, unknown>): Promise<string>;
  /** { kid: PEM } as Google's v1 certs endpoint answers. */
  pemCerts(): Record<string, string>;
  /** { keys: [JWK] } as Google's v3 certs endpoint answers. */
  jwks(): { keys: JsonWebKey[] };
}

export async function createIdTokenSigner(): Promise<IdTokenSigner> {
  const keys = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const kid = newOpaqueId(16);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
  let binary = "";
  for (const byte of spki) binary += String.fromCharCode(byte);
  const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(binary).match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
  const jwk = await crypto.subtle.exportKey("jwk", keys.publicKey);

  return {
    kid,
    async sign(payload) {
      const header = base64UrlEncode(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }));
      const body = base64UrlEncode(JSON.stringify(payload));
      const signature = await crypto.subtle.sign(
        "RSASSA-PKCS1-v1_5",
        keys.privateKey,
        new TextEncoder().encode(`${header}.${body}`),
      );
      return `${header}.${body}.${base64UrlEncode(new Uint8Array(signature))}`;
    },
    pemCerts: () => ({ [kid]: pem }),
    jwks: () => ({ keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] }),
  };
}
