// Build-time modules and values both web apps use (web/build/catalog.ts, Vite).

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
  /** Accident severity levels the console sets on a case (light, severe, fatal) and the group flag's label. */
  export const severities: readonly (Labels & { readonly id: 'light' | 'severe' | 'fatal' })[];
  export const groupAccident: Labels;
}
