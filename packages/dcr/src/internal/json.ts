/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Characters refused in display strings: C0/C1 controls, DEL, and bidi overrides and isolates (spoofing). */
export const DISPLAY_UNSAFE: RegExp = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
