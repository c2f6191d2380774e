import type { BearerChallenge } from '../types';

/** BearerChallenge fields in output order; the parameter name is the snake_case of the field. */
export const BEARER_FIELDS: ReadonlyArray<keyof BearerChallenge> = ['realm', 'resourceMetadata', 'scope', 'error', 'errorDescription', 'errorUri'];
export const paramName = (field: string): string => field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
