// The invitation link an administrator sends: built in this browser from the server's token alone,
// so an operator who swaps the answer's URL cannot send the new colleague to a page of its own.

/** The token in the server's invitation answer (32 random bytes, 43 base64url characters), or null. */
export function invitationToken(invitationUrl: string): string | null {
  return /#invite=([A-Za-z0-9_-]{43})$/.exec(invitationUrl)?.[1] ?? null;
}

/**
 * `<this console's origin>/#invite=<token>&org=<organisation key>`, the key from the administrator's
 * own envelope (base64url), so the accepting browser seals that key; null when the answer holds no token.
 */
export function invitationLink(origin: string, invitationUrl: string, organisationKey: string): string | null {
  const token = invitationToken(invitationUrl);
  return token === null ? null : `${origin}/#invite=${token}&org=${organisationKey}`;
}
