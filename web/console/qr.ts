// The QR code of the poster, drawn as SVG from qrcode-generator's module matrix (a lazy chunk 'qr';
// no third-party origin, no inline style: CSP style-src 'self'). Only views/poster.ts imports it.
import qrcode from 'qrcode-generator';

const svgNs = 'http://www.w3.org/2000/svg';
/** The quiet zone readers need around the code, in modules. */
const quietZone = 4;

/** An SVG QR code of `text` (error correction M: a poster may get scuffed), one path of dark modules. */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const count = code.getModuleCount();
  const size = count + 2 * quietZone;
  let path = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (code.isDark(row, col)) path += `M${col + quietZone} ${row + quietZone}h1v1h-1z`;
  }
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('data-modules', String(count));
  const background = document.createElementNS(svgNs, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(svgNs, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}
