// Reading a member card's barcode or QR code in the browser (M1): the browser's own
// BarcodeDetector where it has one that reads both (Chrome on Android, Safari 17+ on iOS is
// partial, desktop Chrome on Linux/Windows has none), else the barcode-detector polyfill
// (ZXing compiled to WebAssembly). This file is loaded only when Scan is pressed; the polyfill
// (~40 KB gzip of JS) and its .wasm (~1 MB, served by the box at /zxing_reader.wasm, never
// from a CDN: the box may have no internet) only when the browser has no detector of its own.
export interface CardCodeReader {
  /** The texts of the codes found in a video frame, a picture or a canvas. */
  read(source: ImageBitmapSource): Promise<string[]>;
  /** 'native' or 'polyfill', for tests and the technical details. */
  kind: 'native' | 'polyfill';
}

const FORMATS = ['code_128', 'qr_code'];

interface Detector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (opts: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

let reader: Promise<CardCodeReader> | null = null;

async function make(): Promise<CardCodeReader> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native) {
    const supported = await native.getSupportedFormats().catch(() => [] as string[]);
    if (FORMATS.every((f) => supported.includes(f))) return wrap(new native({ formats: FORMATS }), 'native');
  }
  const poly = await import('barcode-detector/ponyfill');
  // Loaded now, so a box that cannot serve it fails here, with a message, not on the first frame.
  await poly.prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? `/${path}` : prefix + path) },
    fireImmediately: true,
  });
  return wrap(new poly.BarcodeDetector({ formats: FORMATS as never }) as unknown as Detector, 'polyfill');
}

function wrap(d: Detector, kind: CardCodeReader['kind']): CardCodeReader {
  return { kind, read: async (source) => (await d.detect(source)).map((r) => r.rawValue).filter(Boolean) };
}

/** The one reader of this page, made on first use. */
export function cardCodeReader(): Promise<CardCodeReader> {
  reader ??= make().catch((err: unknown) => {
    reader = null;
    throw err;
  });
  return reader;
}
