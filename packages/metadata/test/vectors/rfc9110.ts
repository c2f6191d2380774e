// RFC 9110 §11.6.1 (after RFC 7235 §4.1) and RFC 6750 §3 challenge examples.
export const rfc9110 = 'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""';
export const rfc6750 = [
  'Bearer realm="example"',
  'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
  'Bearer realm="example", error="insufficient_scope", scope="files:read"',
] as const;
