// The runner behind lsblk, blkid, mount and the FUSE helpers.
import { describe, expect, it } from 'vitest';
import { CommandError, execRunner, runChecked } from '../../src/ingest/card/command-runner.js';

describe('execRunner', () => {
  it('gives exit code, stdout and stderr, without a shell', async () => {
    expect(await execRunner(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await execRunner(['echo', '$HOME; ls'])).toMatchObject({ code: 0, stdout: '$HOME; ls\n' });
  });

  it('answers when the program exits, even if a daemon it forked keeps the pipes open (FUSE helpers do)', async () => {
    const t0 = Date.now();
    const r = await execRunner(['sh', '-c', 'sleep 5 & echo mounted']);
    expect(r).toMatchObject({ code: 0, stdout: 'mounted\n' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a missing program and a timeout come back as code null, never as a rejection', async () => {
    const missing = await execRunner(['no-such-program-studio-box']);
    expect(missing.code).toBeNull();
    expect(missing.stderr).toMatch(/no-such-program-studio-box: spawn no-such-program-studio-box ENOENT/);
    const t0 = Date.now();
    const slow = await execRunner(['sleep', '10'], { timeoutMs: 300 });
    expect(slow).toMatchObject({ code: null, stderr: 'sleep: timed out after 300 ms' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await execRunner([])).toEqual({ code: null, stdout: '', stderr: 'empty command' });
  });

  it('runChecked throws a CommandError that quotes the command and what it said', async () => {
    await expect(runChecked(execRunner, ['sh', '-c', 'echo "umount: /x: target is busy." >&2; exit 32'])).rejects.toThrow(
      new CommandError(['sh', '-c', 'echo "umount: /x: target is busy." >&2; exit 32'], { code: 32, stdout: '', stderr: 'umount: /x: target is busy.\n' }).message,
    );
    await expect(runChecked(execRunner, ['sh', '-c', 'exit 1'])).rejects.toThrow(/^sh -c exit 1 failed \(exit 1\)$/);
    expect(await runChecked(execRunner, ['echo', 'ok'])).toBe('ok\n');
  });
});
