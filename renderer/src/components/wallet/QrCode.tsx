import { useMemo } from 'react';
import { qrMatrix, qrPath } from '../../wallet';

const MARGIN = 4; // the quiet zone the QR standard asks for, in modules

/**
 * `text` as a QR code, drawn as React SVG elements (no HTML strings). Always dark on white, in the
 * dark theme too: phone scanners expect it.
 */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { path, extent } = useMemo(() => {
    const matrix = qrMatrix(text);
    return { path: qrPath(matrix, MARGIN), extent: matrix.length + 2 * MARGIN };
  }, [text]);
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${extent} ${extent}`} shapeRendering="crispEdges">
      <rect width={extent} height={extent} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
