// One look at the machine's block devices: lsblk for the tree, blkid for the filesystems lsblk
// could not name. Shared by the card source and the disk finder.
import { probeFilesystem } from './blkid.js';
import { CommandError, type CommandRunner } from './command-runner.js';
import { LSBLK_COLUMNS, LSBLK_COLUMNS_OLD, lsblkArgv, parseLsblk, type BlockNode } from './lsblk.js';

export class BlockDiscovery {
  private columns = LSBLK_COLUMNS;

  constructor(private readonly run: CommandRunner) {}

  /**
   * The block devices now. `probe` chooses which unnamed filesystems are worth a `blkid -p`
   * (it opens the device, so only ones that could matter): nodes with a size, no children and
   * no filesystem type from lsblk. It gets the node and its top-level disk.
   */
  async list(probe: (node: BlockNode, disk: BlockNode) => boolean = () => true): Promise<BlockNode[]> {
    let r = await this.run(lsblkArgv(this.columns), { timeoutMs: 15_000 });
    if (r.code !== 0 && this.columns === LSBLK_COLUMNS && /unknown column/i.test(r.stderr)) {
      // util-linux before 2.37 (Raspberry Pi OS bullseye) has MOUNTPOINT only.
      this.columns = LSBLK_COLUMNS_OLD;
      r = await this.run(lsblkArgv(this.columns), { timeoutMs: 15_000 });
    }
    if (r.code !== 0) throw new CommandError(lsblkArgv(this.columns), r);
    const nodes = parseLsblk(r.stdout);
    const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== null));
    const byPath = new Map(nodes.map((n) => [n.path, n]));
    return Promise.all(
      nodes.map(async (n) => {
        if (n.fsType || n.sizeBytes === 0 || parents.has(n.path) || !probe(n, byPath.get(n.top) ?? n)) return n;
        const fs = await probeFilesystem(this.run, n.path);
        return fs ? { ...n, fsType: fs.fsType, uuid: fs.uuid, label: fs.label } : n;
      }),
    );
  }
}
