// Loop devices for tests that run side by side. A loop device's number is shared by every
// process on the machine: once ours is freed, the next `losetup --find` anywhere may get the
// same /dev/loopN. Detaching "by number" after that (a retry, a second cleanup) takes another
// test's card away from under it (seen in CI: "losetup -d /dev/loop0: No such device or
// address" in a test that never touched its neighbour). So a device is detached only while it
// still holds our image, once, and "already gone" is not an error.
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';

const sh = (args: string[]): string => execFileSync('losetup', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Attaches `img` to the first free loop device; returns /dev/loopN. */
export function attachLoop(img: string, opts: { readOnly?: boolean } = {}): string {
  return sh([...(opts.readOnly ? ['-r'] : []), '--find', '--show', img]).trim();
}

/** The file behind /dev/loopN now, or null when the device holds nothing. */
export function loopBackingFile(dev: string): string | null {
  try {
    // The kernel appends " (deleted)" when the image was removed while attached.
    return readFileSync(`/sys/block/${basename(dev)}/loop/backing_file`, 'utf8').trim().replace(/ \(deleted\)$/, '');
  } catch {
    return null;
  }
}

/**
 * Detaches `dev` if it still holds `img`. The kernel frees a device that is still open (a FUSE
 * driver finishing) on its last close, so there is nothing to retry. True if we detached it.
 */
export function detachLoop(dev: string, img: string): boolean {
  const backing = loopBackingFile(dev);
  if (backing === null || backing !== realpathOr(img)) return false;
  try {
    sh(['-d', dev]);
    return true;
  } catch (err) {
    // Freed between the check and the call (its last user closed it): gone is what we wanted.
    if (loopBackingFile(dev) !== realpathOr(img)) return false;
    throw err;
  }
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
