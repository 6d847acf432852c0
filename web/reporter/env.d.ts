// Values and modules that web/vite.config.ts provides at build time.

/** base64url Ed25519 organisation key pinned at build time, or '' when not pinned. */
declare const __QAUIPSIZ_ORG_KEY__: string;
/** The lowest signed directory version the page accepts (0: any); a poster link's `v=` can raise it. */
declare const __QAUIPSIZ_MIN_DIRECTORY_VERSION__: number;
/** Where the quick-exit button goes. */
declare const __QAUIPSIZ_EXIT_URL__: string;

// ImportMeta and virtual:catalog: web/shared/env.d.ts.
