// RFC 7636 Appendix B: example for the S256 code_challenge_method.
export const appendixB = {
  verifierOctets: [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
    214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
  ],
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
} as const;
