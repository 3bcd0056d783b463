// smbclient's output read into reasons, with texts real smbclient 4.17 printed; share addresses.
import { describe, expect, it } from 'vitest';
import { formatShareAddress, parseShareAddress, remotePathOf } from '../../src/mirror/share-address.js';
import { parentsOf, quoteName } from '../../src/mirror/smb-client.js';
import { failuresIn, namesFromLs, sizeFromAllinfo, sizeFromLs } from '../../src/mirror/smb-output.js';
import { backoffMs } from '../../src/mirror/mirror-worker.js';

const problems = (out: string) => failuresIn(out).map((f) => f.problem);

describe('failuresIn', () => {
  it.each([
    ['do_connect: Connection to 127.0.0.1 failed (Error NT_STATUS_CONNECTION_REFUSED)', 'host_down'],
    ['do_connect: Connection to 10.0.0.9 failed (Error NT_STATUS_IO_TIMEOUT)', 'host_down'],
    ['do_connect: Connection to pc.lan failed (Error NT_STATUS_HOST_UNREACHABLE)', 'host_down'],
    ['do_connect: Connection to no-such-host.invalid failed (Error NT_STATUS_UNSUCCESSFUL)', 'unknown_host'],
    ['do_connect: Connection to PC-NAME failed (Error NT_STATUS_BAD_NETWORK_PATH)', 'unknown_host'],
    ['session setup failed: NT_STATUS_LOGON_FAILURE', 'bad_credentials'],
    ['session setup failed: NT_STATUS_ACCOUNT_LOCKED_OUT', 'bad_credentials'],
    ['session setup failed: NT_STATUS_SOMETHING_NEW', 'bad_credentials'],
    ['tree connect failed: NT_STATUS_BAD_NETWORK_NAME', 'share_not_found'],
    ['tree connect failed: NT_STATUS_ACCESS_DENIED', 'read_only'],
    ['NT_STATUS_ACCESS_DENIED opening remote file \\probe', 'read_only'],
    ['Error writing file: NT_STATUS_DISK_FULL', 'disk_full'],
    ['NT_STATUS_DISK_FULL closing remote file \\x.tmp', 'disk_full'],
    ['NT_STATUS_OBJECT_NAME_INVALID opening remote file \\a:b', 'bad_name'],
    ['NT_STATUS_CONNECTION_DISCONNECTED opening remote file \\x', 'host_down'],
    ['NT_STATUS_INTERNAL_ERROR listing \\*', 'other'],
    ['nothere does not exist', 'local'],
  ])('%s → %s', (line, problem) => {
    expect(problems(`${line}\n`)).toEqual([problem]);
  });

  it('a folder that is already there is no failure; what follows is read', () => {
    const out = 'NT_STATUS_OBJECT_NAME_COLLISION making remote directory \\a\nputting file x as \\a\\b (540000.0 kb/s) (average inf kb/s)\n';
    expect(failuresIn(out)).toEqual([]);
    expect(problems(`${out}NT_STATUS_OBJECT_NAME_COLLISION renaming files \\a\\t -> \\a\\b\n`)).toEqual(['other']);
  });

  it('ordinary output is no failure', () => {
    expect(failuresIn('Try "help" to get a list of possible commands.\n  .   D  0  Wed Dec  2 09:24:48 2026\n')).toEqual([]);
  });
});

describe('sizeFromAllinfo and namesFromLs', () => {
  it('reads the data stream size', () => {
    const out = 'altname: TNT5TY~9.JPG\ncreate_time:    Wed Dec  2 09:24:53 2026 UTC\nattributes: A (20)\nstream: [::$DATA], 54 bytes\n';
    expect(sizeFromAllinfo(out)).toBe(54);
    expect(sizeFromAllinfo('NT_STATUS_OBJECT_NAME_NOT_FOUND getting alt name for \\x\n')).toBeNull();
  });
  it('lists names with spaces, Chinese and Vietnamese', () => {
    const out = [
      '  .                                   D        0  Wed Dec  2 09:24:48 2026',
      '  ..                                  D        0  Wed Dec  2 09:24:53 2026',
      '  tệp 文件.jpg                    A        6  Wed Dec  2 09:24:48 2026',
      '  x y                                 D        0  Wed Dec  2 09:24:53 2026',
      '',
      '\t\t264212084 blocks of size 1024. 80590828 blocks available',
    ].join('\n');
    expect(namesFromLs(out)).toEqual(['tệp 文件.jpg', 'x y']);
  });
  it('reads the size ls gives for exactly one name, whatever it looks like', () => {
    const out = [
      '  .studio-box-mirror-12.tmp          AH 25000000  Wed Dec  2 22:34:48 2026',
      '  .studio-box-mirror-1.tmp            AH      17  Wed Dec  2 22:34:48 2026',
      // Longer than the 30-character column: the attributes follow at once.
      '  ảnh cưới  01 陈 a very long name A.JPG      A 123456789  Wed Dec  2 09:24:48 2026',
      '  N 5                                 N        5  Wed Dec  2 09:24:48 2026',
      '',
      '\t\t264212084 blocks of size 1024. 80590828 blocks available',
    ].join('\n');
    expect(sizeFromLs(out, '.studio-box-mirror-1.tmp')).toBe(17);
    expect(sizeFromLs(out, '.studio-box-mirror-12.tmp')).toBe(25_000_000);
    expect(sizeFromLs(out, 'ảnh cưới  01 陈 a very long name A.JPG')).toBe(123_456_789);
    expect(sizeFromLs(out, 'N 5')).toBe(5);
    // A prefix of a listed name is not that name.
    expect(sizeFromLs(out, '.studio-box-mirror-')).toBeNull();
    expect(sizeFromLs(out, 'ảnh cưới')).toBeNull();
    expect(sizeFromLs('NT_STATUS_NO_SUCH_FILE listing \\a\\x.jpg\n', 'x.jpg')).toBeNull();
  });
});

describe('share addresses', () => {
  it.each([
    ['//PC-NAME/Photos', { host: 'PC-NAME', share: 'Photos', folder: '' }],
    ['\\\\192.168.1.20\\Ảnh cưới\\Studio Box\\', { host: '192.168.1.20', share: 'Ảnh cưới', folder: 'Studio Box' }],
    ['smb://pc.local/照片/a/b', { host: 'pc.local', share: '照片', folder: 'a/b' }],
    ['  //pc/share//x  ', { host: 'pc', share: 'share', folder: 'x' }],
  ])('%s', (text, want) => {
    expect(parseShareAddress(text)).toEqual(want);
  });
  it.each(['PC-NAME/Photos', '//PC NAME/Photos', '//pc', '//pc/', '//pc/sh"are', '//pc/share/../etc', '//pc/share/a:b', 'http://pc/share'])('refuses %s', (text) => {
    expect(parseShareAddress(text)).toHaveProperty('error');
  });
  it('formats back and places files under the folder', () => {
    const a = parseShareAddress('\\\\pc\\Photos\\Box') as Exclude<ReturnType<typeof parseShareAddress>, { error: string }>;
    expect(formatShareAddress(a)).toBe('//pc/Photos/Box');
    expect(remotePathOf(a, '001 Lê Thị Hoa/2026-05 cưới/originals/IMG 1.CR3')).toBe('Box/001 Lê Thị Hoa/2026-05 cưới/originals/IMG 1.CR3');
    expect(remotePathOf({ ...a, folder: '' }, 'x/y.jpg')).toBe('x/y.jpg');
  });
});

describe('smbclient commands', () => {
  it('quotes names and refuses what cannot be said', () => {
    expect(quoteName('a;b c/文件.jpg')).toBe('"a;b c/文件.jpg"');
    expect(() => quoteName('a"b')).toThrow(/cannot be sent/);
    expect(() => quoteName('a\nb')).toThrow(/cannot be sent/);
  });
  it('makes every parent folder, top first', () => {
    expect(parentsOf('a/b/c.jpg')).toEqual(['a', 'a/b']);
    expect(parentsOf('c.jpg')).toEqual([]);
  });
  it('backs off by doubling, capped', () => {
    expect([1, 2, 3, 4, 5, 10, 100].map((n) => backoffMs(n, 5000, 600_000))).toEqual([5000, 10_000, 20_000, 40_000, 80_000, 600_000, 600_000]);
  });
});
