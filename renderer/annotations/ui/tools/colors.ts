// CSS colour of each annotation colour (COLOR_RGB), for the SVG layer and the pickers.
import { COLOR_RGB, type AnnotationColor } from '../../../../common/annotations/types.ts';

export function rgb(color: AnnotationColor): string {
  const [r, g, b] = COLOR_RGB[color];
  return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
}
