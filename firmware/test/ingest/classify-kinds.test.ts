import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COPIED_KINDS, PHOTO_EXTENSIONS, RAW_EXTENSIONS, SIDECAR_EXTENSIONS, VIDEO_EXTENSIONS,
  baseName, classifyName, extensionOf, hasExif, isCopied, isSystemDir, type FileKind,
} from '../../src/ingest/card/classify.js';

/** Every case spelling a card, a Mac or a Windows PC may produce. */
const spellings = (ext: string) => [ext, ext.toUpperCase(), ext[0]!.toUpperCase() + ext.slice(1)];

describe('classifyName', () => {
  const table: Array<[FileKind, readonly string[]]> = [
    ['photo', ['jpg', 'jpeg', 'jpe', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff']],
    ['raw', ['cr2', 'cr3', 'nef', 'arw', 'dng', 'raf', 'orf', 'rw2', 'pef', 'srw', 'crw', 'nrw', 'srf', 'sr2', 'raw', 'rwl', 'iiq', '3fr', 'fff', 'x3f', 'mos', 'erf', 'mef', 'kdc', 'dcr', 'mrw', 'gpr']],
    ['video', ['mp4', 'm4v', 'mov', 'mts', 'm2ts', 'avi', 'mxf', '3gp', 'crm']],
    ['sidecar', ['xmp', 'thm', 'wav', 'xml', 'srt']],
  ];

  for (const [kind, exts] of table) {
    it(`${kind}: every listed extension in every case`, () => {
      for (const ext of exts) for (const e of spellings(ext)) expect(classifyName(`IMG_0001.${e}`), `IMG_0001.${e}`).toBe(kind);
    });
  }

  it('the exported sets are exactly the table (nothing added to one list and forgotten in the tests)', () => {
    expect([...PHOTO_EXTENSIONS].sort()).toEqual([...table[0]![1]].sort());
    expect([...RAW_EXTENSIONS].sort()).toEqual([...table[1]![1]].sort());
    expect([...VIDEO_EXTENSIONS].sort()).toEqual([...table[2]![1]].sort());
    expect([...SIDECAR_EXTENSIONS].sort()).toEqual([...table[3]![1]].sort());
    // No extension is in two lists.
    const all = [...PHOTO_EXTENSIONS, ...RAW_EXTENSIONS, ...VIDEO_EXTENSIONS, ...SIDECAR_EXTENSIONS];
    expect(new Set(all).size).toBe(all.length);
  });

  it('system junk: AppleDouble forks, macOS/Windows metadata files, fsck fragments, dot-files', () => {
    for (const name of [
      '._IMG_0001.JPG', '._IMG_0001.CR3', '._.Trashes', '.DS_Store', '.ds_store', 'Thumbs.db', 'THUMBS.DB', 'ehthumbs.db',
      'desktop.ini', 'Desktop.ini', 'FILE0000.CHK', 'file0123.chk', '.hidden.jpg', '.', '..', '', 'Icon\r',
    ]) {
      expect(classifyName(name), JSON.stringify(name)).toBe('system');
    }
  });

  it('other: files cameras write that are not media, unknown extensions, no extension', () => {
    for (const name of ['AUTPRINT.MRK', 'CANONMSC.CTG', 'GOPR0001.LRV', 'INDEX.BDM', 'MOVIEOBJ.BDMV', 'README', 'name.', 'photo.jpg.bak', 'FILE00.CHK', 'notes.txt', 'design.psd', 'album.pdf']) {
      expect(classifyName(name), name).toBe('other');
    }
  });

  it('uses the last extension and the last path component, with either separator', () => {
    expect(classifyName('IMG_0001.JPG.XMP')).toBe('sidecar');
    expect(classifyName('IMG_0001.CR3.jpg')).toBe('photo');
    expect(classifyName('DCIM/100CANON/IMG_0001.CR3')).toBe('raw');
    expect(classifyName('C:\\fakepath\\IMG_0001.NEF')).toBe('raw');
    expect(classifyName('DCIM/100CANON/._IMG_0001.JPG')).toBe('system');
    expect(classifyName('.hidden/IMG_0001.JPG')).toBe('photo'); // only the file name decides; folders are isSystemDir's job
    expect(classifyName('DCIM/')).toBe('system'); // empty last component
  });

  it('names with spaces, Unicode and several dots', () => {
    expect(classifyName('Nguyễn Thị Lan 001.JPG')).toBe('photo');
    expect(classifyName('婚纱 精修 (2).jpg')).toBe('photo');
    expect(classifyName('my.wedding.final.dng')).toBe('raw');
  });
});

describe('isSystemDir', () => {
  it('skips OS, indexer and recovery folders in any case, and every hidden folder', () => {
    for (const d of ['.Trashes', '.Spotlight-V100', '.fseventsd', '.TemporaryItems', 'System Volume Information', 'SYSTEM VOLUME INFORMATION', '$RECYCLE.BIN', 'RECYCLER', 'LOST.DIR', 'FOUND.000', '.thumbnails', '.anything']) {
      expect(isSystemDir(d), d).toBe(true);
    }
  });
  it('walks camera folders', () => {
    for (const d of ['DCIM', '100CANON', '101_FUJI', 'PRIVATE', 'M4ROOT', 'CLIP', 'MISC', 'Edits', 'FOUND.001x']) expect(isSystemDir(d), d).toBe(false);
  });
});

describe('helpers', () => {
  it('extensionOf and baseName', () => {
    expect(extensionOf('IMG_0001.JPG')).toBe('jpg');
    expect(extensionOf('a/b.c/README')).toBe('');
    expect(extensionOf('.profile')).toBe('');
    expect(extensionOf('name.')).toBe('');
    expect(extensionOf('x.tar.GZ')).toBe('gz');
    expect(baseName('a\\b/c.jpg')).toBe('c.jpg');
    expect(baseName('c.jpg')).toBe('c.jpg');
  });

  it('copied kinds are photo, raw, video, sidecar; EXIF kinds are photo and raw', () => {
    const kinds: FileKind[] = ['photo', 'raw', 'video', 'sidecar', 'other', 'system'];
    expect(kinds.filter(isCopied)).toEqual(['photo', 'raw', 'video', 'sidecar']);
    expect([...COPIED_KINDS].sort()).toEqual(['photo', 'raw', 'sidecar', 'video']);
    expect(kinds.filter(hasExif)).toEqual(['photo', 'raw']);
  });

  it('is total and case-blind: any string gets one of the six kinds, the same in upper case', () => {
    const kinds = new Set(['photo', 'raw', 'video', 'sidecar', 'other', 'system']);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const k = classifyName(name);
        expect(kinds.has(k)).toBe(true);
        // Upper-casing an ASCII name never changes its kind (FAT shows names upper-case).
        if (/^[\x20-\x7e]*$/.test(name)) expect(classifyName(name.toUpperCase())).toBe(k);
      }),
      { numRuns: 1000 },
    );
  });
});
