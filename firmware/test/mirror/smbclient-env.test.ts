// The environment smbclient runs with: English messages, UTF-8 names, and malloc settings added
// to (not replacing) any GLIBC_TUNABLES the box was started with.
import { describe, expect, it } from 'vitest';
import { smbclientEnv } from '../../src/mirror/smbclient-env.js';

describe('smbclientEnv', () => {
  it('sets the locale and the malloc settings, keeping the rest', () => {
    const env = smbclientEnv({ PATH: '/usr/bin', LC_ALL: 'vi_VN.UTF-8' }, 'arm64');
    expect(env.PATH).toBe('/usr/bin');
    expect(env.LC_ALL).toBe('C.UTF-8');
    expect(env.GLIBC_TUNABLES).toBe('glibc.malloc.mmap_threshold=16777216:glibc.malloc.trim_threshold=33554432');
  });

  it('adds to tunables already set', () => {
    const env = smbclientEnv({ GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, 'x64');
    expect(env.GLIBC_TUNABLES).toBe('glibc.pthread.rseq=0:glibc.malloc.mmap_threshold=16777216:glibc.malloc.trim_threshold=33554432');
  });

  it('leaves malloc alone on a 32-bit system (its glibc refuses the mmap threshold)', () => {
    const env = smbclientEnv({ GLIBC_TUNABLES: 'glibc.pthread.rseq=0' }, 'arm');
    expect(env.LC_ALL).toBe('C.UTF-8');
    expect(env.GLIBC_TUNABLES).toBe('glibc.pthread.rseq=0');
    expect(smbclientEnv({}, 'ia32').GLIBC_TUNABLES).toBeUndefined();
  });
});
