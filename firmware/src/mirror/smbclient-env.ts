// The environment every smbclient the box starts runs with.
//
// LC_ALL=C.UTF-8: its messages in English (they are parsed), names in UTF-8.
//
// GLIBC_TUNABLES: glibc's malloc keeps the memory of smbclient's write buffers instead of
// handing it back to the kernel after each chunk. Measured (2026-12-03, smbclient 4.17, 1 GB of
// photo-sized files to a loopback smbd): smbclient fed its commands on standard input, as the
// mirror's session is, took 137,000-167,000 page faults for 1 GB (every chunk read into memory
// faulted in afresh) and 0.9-1.0 s of kernel time; with these settings 5,400 faults, 0.5 s, and
// 20-25 % more MB/s (the same commands after `-c` took 13,500 faults). Peak memory was the same
// (36 MB). Setting any threshold turns off glibc's own adjustment, so both are set: blocks up to
// 16 MiB come from the heap, which is trimmed only when 32 MiB are free at its top.
//
// 64-bit systems only (the box's image is arm64): a 32-bit glibc refuses an mmap threshold over
// 512 KB, and the trim threshold alone would still turn the adjustment off — every buffer then
// mapped and unmapped, slower than no settings (measured: the trim threshold alone was).
const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=16777216:glibc.malloc.trim_threshold=33554432';
const WIDE = new Set(['arm64', 'x64', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el']);

export function smbclientEnv(base: NodeJS.ProcessEnv = process.env, arch: string = process.arch): NodeJS.ProcessEnv {
  const env = { ...base, LC_ALL: 'C.UTF-8' };
  if (!WIDE.has(arch)) return env;
  const own = base.GLIBC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: own ? `${own}:${MALLOC_TUNABLES}` : MALLOC_TUNABLES };
}
