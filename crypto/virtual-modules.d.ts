// Modules that only exist in the reporter page's build (web/build/sodium.ts provides them).

declare module 'virtual:sodium-asmjs' {
  /** The CommonJS libsodium-wrappers instance, whose libsodium falls back to asm.js; wait for `ready`. */
  const sodium: typeof import('libsodium-wrappers');
  export default sodium;
}
