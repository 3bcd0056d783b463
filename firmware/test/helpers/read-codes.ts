// Reads the barcodes in an image with ZXing (zxing-wasm, the engine of the UI's BarcodeDetector
// polyfill), so a test can prove an image the box drew carries the text it should.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

/** The codes found in an image (SVG, PNG, JPEG…), as [format, text] pairs. */
export async function readCodes(image: Buffer): Promise<[string, string][]> {
  if (!prepared) {
    const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(readFileSync(wasm)).buffer } });
    prepared = true;
  }
  const png = await sharp(image, { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
  return (await readBarcodes(new Uint8Array(png), { formats: ['Code128', 'QRCode'] })).filter((r) => r.isValid).map((r) => [r.format, r.text]);
}
