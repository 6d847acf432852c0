// JSON Schema pieces that several routes share.

export const base64url = (minLength: number, maxLength: number) => ({ type: 'string', minLength, maxLength, pattern: '^[A-Za-z0-9_-]+$' }) as const;

export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** A solved proof-of-work challenge: the 39-byte token and an 8-byte nonce, base64url. */
export const powSolution = {
  type: 'object',
  additionalProperties: false,
  required: ['challenge', 'nonce'],
  properties: { challenge: base64url(52, 52), nonce: base64url(11, 11) },
} as const;
