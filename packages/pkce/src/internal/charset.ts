import { PkceError } from '../errors';

// RFC 7636 §4.1: a verifier is 43-128 unreserved characters: ALPHA / DIGIT / "-" / "." / "_" / "~".
// RFC 7636 §4.2: an S256 challenge is 32 bytes as unpadded base64url, always 43 characters.
// Each pattern bounds its length, so a huge string fails after at most 129 characters.
type Shape = 'InvalidVerifier' | 'InvalidChallenge';
const SHAPES: Record<Shape, RegExp> = { InvalidVerifier: /^[\w.~-]{43,128}$/, InvalidChallenge: /^[\w-]{43}$/ };

/** Throws TypeError for a non-string and PkceError(`code`) for a string of the wrong shape. */
export function assertShape(value: unknown, code: Shape): asserts value is string {
  if (typeof value !== 'string') throw new TypeError('PkceError: type');
  if (!SHAPES[code].test(value)) throw new PkceError(code);
}
