// A JSON object as the MCP messages the CLI reads and relays are: a plain record.
export type Json = Record<string, unknown>;

/** Whether `v` is a JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
