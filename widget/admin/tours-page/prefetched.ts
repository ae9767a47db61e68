// The answers the inline prefetch script (prefetch.ts) asked for, handed to the app's calls.

/** The page's global holding the early answers by URL. */
export const PREFETCH_GLOBAL = "LumaLeasingToursPrefetch";

export type Prefetched = Record<string, Promise<Response>>;

/**
 * A fetch that answers a plain GET of a URL asked for early with that answer, once (a body
 * reads once); every other call, and a second call of the same URL, goes to `fetchImpl`.
 */
export function prefetchedFetch(early: Prefetched | undefined, fetchImpl: typeof fetch = fetch): typeof fetch {
  const waiting = new Map(Object.entries(early && typeof early === "object" ? early : {}));
  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const answer = (init?.method ?? "GET") === "GET" ? waiting.get(url) : undefined;
    if (!answer) return fetchImpl(input, init);
    waiting.delete(url);
    return answer;
  };
}
