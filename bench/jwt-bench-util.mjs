// WebCrypto sign/verify parameters of each JWS algorithm (RFC 7518 §3, RFC 8037), for the raw floor.
export function algSpec(alg) {
  if (alg === 'EdDSA') return { name: 'Ed25519' };
  const bits = Number(alg.slice(2));
  switch (alg.slice(0, 2)) {
    case 'HS': return { name: 'HMAC' };
    case 'RS': return { name: 'RSASSA-PKCS1-v1_5' };
    case 'PS': return { name: 'RSA-PSS', saltLength: bits / 8 };
    case 'ES': return { name: 'ECDSA', hash: `SHA-${bits}` };
  }
  throw new Error(alg);
}
