// The TrueType Noto Sans the biên bản PDF embeds (pdf-lib's fontkit cannot subset the WOFF2 the page uses), as
// Vite asset URLs; imported only on the first export, the files are fetched only then.
import bold from '../../../resources/fonts/NotoSans-Bold.ttf?url';
import regular from '../../../resources/fonts/NotoSans-Regular.ttf?url';

export const FONT_URLS = { regular, bold } as const;
