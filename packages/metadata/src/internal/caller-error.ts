/**
 * Throws for a caller mistake: a TypeError for a wrong type, a RangeError for a bad value. The
 * message names no value (it may be a secret or come from the network).
 */
export function callerError(range?: boolean): never {
  throw new (range ? RangeError : TypeError)('MetadataError');
}
