// The small pure pieces under card detection: blkid output, the kernel's mount table, command
// templates, card ids. Outputs below were recorded on the CI machine (util-linux 2.38.1).
import { describe, expect, it } from 'vitest';
import { decodeUdevEnc, parseBlkidUdev } from '../../src/ingest/card/blkid.js';
import { blockCardId, folderCardId, safeIdPart } from '../../src/ingest/card/card-id.js';
import { expandTemplate, templateProblems } from '../../src/ingest/card/command-template.js';
import { isReadOnly, isUnder, mountAt, parseMountInfo } from '../../src/ingest/card/mount-table.js';

describe('blkid -p -o udev', () => {
  it('reads type, UUID and a label with spaces and Chinese (exFAT, recorded)', () => {
    const out = [
      'ID_FS_LABEL=My_Card_卡',
      'ID_FS_LABEL_ENC=My\\x20Card\\x20卡',
      'ID_FS_UUID=7BD6-F31A',
      'ID_FS_UUID_ENC=7BD6-F31A',
      'ID_FS_VERSION=1.0',
      'ID_FS_BLOCK_SIZE=512',
      'ID_FS_TYPE=exfat',
      'ID_FS_USAGE=filesystem',
      'ID_PART_TABLE_TYPE=dos',
      '',
    ].join('\n');
    expect(parseBlkidUdev(out)).toEqual({ fsType: 'exfat', uuid: '7BD6-F31A', label: 'My Card 卡' });
  });

  it('a disk with only a partition table names no filesystem', () => {
    expect(parseBlkidUdev('ID_PART_TABLE_TYPE=dos\n')).toBeNull();
    expect(parseBlkidUdev('')).toBeNull();
  });

  it('a filesystem without label or UUID', () => {
    expect(parseBlkidUdev('ID_FS_TYPE=vfat\nID_FS_USAGE=filesystem\n')).toEqual({ fsType: 'vfat', uuid: null, label: null });
  });

  it('decodes \\xNN escapes as bytes of UTF-8, and leaves a lone backslash alone', () => {
    expect(decodeUdevEnc('\\xe5\\x8d\\xa1')).toBe('卡');
    expect(decodeUdevEnc('A\\x24B')).toBe('A$B');
    expect(decodeUdevEnc('a\\b\\x')).toBe('a\\b\\x');
  });
});

describe('mountinfo', () => {
  // Recorded: a fusefat card, an exfat-fuse card, a read-write ext4 disk, a path with a space.
  const text = [
    '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
    '42 27 0:39 / /tmp/exp/m3 ro,nosuid,nodev,noexec,relatime - fuse /dev/loop0 ro,user_id=0,group_id=0',
    '43 27 7:1 / /tmp/exp/m2 ro,nosuid,nodev,relatime - fuseblk /dev/loop1 ro,user_id=0,group_id=0,default_permissions,allow_other,blksize=4096',
    '44 27 7:2 / /srv/library rw,nosuid,nodev,noexec,noatime - ext4 /dev/loop2 rw',
    '45 27 7:3 / /media/pi/NO\\040NAME rw,relatime shared:1 master:2 - vfat /dev/sdc1 ro,fmask=0022',
    '',
  ].join('\n');
  const table = parseMountInfo(text);

  it('parses every line, optional fields included, and unescapes paths', () => {
    expect(table.map((m) => m.mountpoint)).toEqual(['/', '/tmp/exp/m3', '/tmp/exp/m2', '/srv/library', '/media/pi/NO NAME']);
    expect(table[1]).toEqual({
      devId: '0:39',
      mountpoint: '/tmp/exp/m3',
      options: ['ro', 'nosuid', 'nodev', 'noexec', 'relatime'],
      fsType: 'fuse',
      source: '/dev/loop0',
      superOptions: ['ro', 'user_id=0', 'group_id=0'],
    });
  });

  it('read-only is either the mount or the filesystem being read-only', () => {
    expect(table.map(isReadOnly)).toEqual([false, true, true, false, true]);
  });

  it('mountAt takes the last (topmost) mount at a path', () => {
    const stacked = parseMountInfo(`${text}46 44 7:4 / /srv/library ro - ext4 /dev/loop4 ro\n`);
    expect(mountAt(stacked, '/srv/library')?.source).toBe('/dev/loop4');
    expect(mountAt(stacked, '/srv')).toBeNull();
  });

  it('isUnder is by path segment, not by prefix', () => {
    expect(isUnder('/run/cards/x', '/run/cards')).toBe(true);
    expect(isUnder('/run/cards', '/run/cards')).toBe(true);
    expect(isUnder('/run/cardsx/y', '/run/cards')).toBe(false);
    expect(isUnder('/run/cards/x', '/run/cards/')).toBe(true);
  });
});

describe('command templates', () => {
  it('splits into words before filling in: a value with spaces stays one argument', () => {
    expect(expandTemplate('fusefat -o ro,fsname={device} {device} {mountpoint}', { device: '/dev/sda1', mountpoint: '/run/c/NO NAME', fstype: 'vfat' })).toEqual([
      'fusefat',
      '-o',
      'ro,fsname=/dev/sda1',
      '/dev/sda1',
      '/run/c/NO NAME',
    ]);
  });

  it('a value cannot smuggle in a shell or another placeholder', () => {
    expect(expandTemplate('mount -t {fstype} {device} {mountpoint}', { device: '/dev/x; rm -rf /', mountpoint: '{device}', fstype: 'vfat' })).toEqual([
      'mount',
      '-t',
      'vfat',
      '/dev/x; rm -rf /',
      '{device}',
    ]);
  });

  it('names what is wrong with a template (for config validation)', () => {
    expect(templateProblems('mount -o ro {device} {mountpoint}')).toEqual([]);
    expect(templateProblems('  ')).toEqual(['is empty']);
    expect(templateProblems('mount {dev} {mountpoint}')).toEqual(['unknown placeholder {dev} (known: {device}, {mountpoint}, {fstype})']);
    expect(templateProblems('mount {device}')).toEqual(['must contain {mountpoint}']);
    expect(templateProblems('{device} {mountpoint}')).toEqual(['the program name cannot be a placeholder']);
    expect(templateProblems('umount {mountpoint}', ['mountpoint'])).toEqual([]);
    expect(() => expandTemplate('mount {devise} {mountpoint}', { device: 'a', mountpoint: 'b', fstype: 'c' })).toThrow(/unknown placeholder \{devise\}/);
  });
});

describe('card ids', () => {
  it('a real card: filesystem and volume serial, upper case, path-safe', () => {
    expect(blockCardId('vfat', '1234-abcd', 'EOS_DIGITAL', 1)).toBe('vfat-1234-ABCD');
    expect(blockCardId('exfat', '7BA5-925A', null, 1)).toBe('exfat-7BA5-925A');
    expect(blockCardId('ntfs', '7C3A1F9B3A1F5252', 'T7', 1)).toBe('ntfs-7C3A1F9B3A1F5252');
    expect(blockCardId('vfat', '../../etc', null, 1)).toBe('vfat-__.._ETC');
  });

  it('the same card is the same id whatever reader or device name; another card is not', () => {
    expect(blockCardId('exfat', '6A3B-0F12', 'EOS_DIGITAL', 63847792640)).toBe(blockCardId('exfat', '6A3B-0F12', 'renamed', 1));
    expect(blockCardId('exfat', '6A3B-0F12', 'A', 1)).not.toBe(blockCardId('exfat', '6A3B-0F13', 'A', 1));
    expect(blockCardId('vfat', '6A3B-0F12', 'A', 1)).not.toBe(blockCardId('exfat', '6A3B-0F12', 'A', 1));
  });

  it('without a UUID (or an all-zero one) the id comes from label and size', () => {
    const a = blockCardId('vfat', null, 'NO NAME', 1000);
    expect(a).toMatch(/^vfat-noid-[0-9a-f]{12}$/);
    expect(blockCardId('vfat', '0000-0000', 'NO NAME', 1000)).toBe(a);
    expect(blockCardId('vfat', null, 'NO NAME', 1001)).not.toBe(a);
  });

  it('the folder stand-in: from the name (readable + hash), or the marker when there is one', () => {
    expect(folderCardId('wedding-card', null)).toMatch(/^folder-wedding-card-[0-9a-f]{12}$/);
    expect(folderCardId('wedding-card', null)).toBe(folderCardId('wedding-card', null));
    expect(folderCardId('婚礼卡一', null)).not.toBe(folderCardId('婚礼卡二', null));
    expect(folderCardId('anything', 'CARD-42\n')).toBe('folder-CARD-42');
    expect(folderCardId('anything', '../evil')).toBe(folderCardId('anything', null));
  });

  it('safeIdPart keeps ids to one harmless path segment', () => {
    expect(safeIdPart('..')).toBe('_');
    expect(safeIdPart('.hidden')).toBe('_hidden');
    expect(safeIdPart('')).toBe('_');
    expect(safeIdPart('a/b c')).toBe('a_b_c');
    expect(safeIdPart('x'.repeat(100), 10)).toBe('x'.repeat(10));
  });
});
