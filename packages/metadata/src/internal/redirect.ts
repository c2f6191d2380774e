/** A redirect answer: 3xx, an opaque redirect (`redirect: 'manual'` in browsers), or a response a `fetch` got by following one. */
export const isRedirect = (r: Response): boolean => r.redirected || r.type === 'opaqueredirect' || ((r.status / 100) | 0) === 3;
