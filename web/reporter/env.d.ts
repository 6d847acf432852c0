// Values and modules that web/vite.config.ts provides at build time.

/** base64url Ed25519 organisation key pinned at build time, or '' when not pinned. */
declare const __QAUIPSIZ_ORG_KEY__: string;
/** Where the quick-exit button goes. */
declare const __QAUIPSIZ_EXIT_URL__: string;

interface ImportMeta {
  readonly env: { readonly DEV: boolean; readonly PROD: boolean };
}

declare module 'virtual:catalog' {
  type Labels = { readonly kk: string; readonly ru: string; readonly en: string };
  /** id = KATO prefix (2 digits), the region value sent to the server. */
  export const regions: readonly (Labels & { readonly id: string; readonly city: boolean })[];
  /** id = OKED section letter. */
  export const industries: readonly (Labels & { readonly id: string; readonly highRisk: boolean })[];
  export const categories: readonly (Labels & { readonly id: string; readonly parent: string | null; readonly inScope: boolean })[];
}
