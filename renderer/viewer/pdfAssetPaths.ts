// Where the pdfjsAssets() vite plugin puts pdf.js's data files, relative to the app's base URL.
export const PDFJS_ASSET_DIR = 'pdfjs';
export const PDFJS_ASSET_FOLDERS = ['cmaps', 'standard_fonts', 'wasm', 'iccs'] as const;
