// pngjs (a dependency of qrcode) ships no types; the tests read QR PNGs with its sync reader only.
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Uint8Array): { width: number; height: number; data: Uint8Array } };
  };
}
