#!/usr/bin/python3
"""lossy_fs: a FUSE passthrough that can forget what a power cut would lose.

    lossy_fs.py BACKING MOUNTPOINT CONTROL_DIR [SEED [FREEZE_AT | dry]]

FREEZE_AT = n > 0 picks the moment of the cut by the program's own progress, not by a clock:
the n-th changing operation (write, create, mkdir, rename, link, unlink, rmdir, truncate,
fsync, fsyncdir) blocks, CONTROL_DIR/frozen appears, and from then on every operation fails
with EIO once CONTROL_DIR/cut exists. The harness kills the program when it sees `frozen`.

FREEZE_AT = dry is a measuring run: nothing freezes, no fsync makes anything durable, and the
unmount always rolls BACKING back to exactly what it held at mount (no random extras). The
harness learns from it how many changing operations a run makes from this state, so it can
place a cut inside that count. Every unmount writes CONTROL_DIR/stats.json with `ops` (the
number of changing operations) and `cut` (whether the disk was rewritten), and
CONTROL_DIR/ops.log the operations themselves, one a line: `n kind path` (a rename's path is
`old -> new`), so a test can place a cut at a named moment (the n of a rename, an unlink...).

Every operation goes through to BACKING, a folder on a real filesystem (a FAT, exFAT or ext4
image), so its errors are the real filesystem's (link() refused on FAT, ...). Beside it this
process keeps what a disk would hold after losing power:

  data   a file's bytes as of its last fsync/fdatasync (a copy in CONTROL_DIR/snap/); writes
         after that are "in the page cache" only.
  names  each folder's entries as of its last fsync (of the folder); creates, renames,
         unlinks and mkdirs after that are not on the disk yet.

Unmounted normally, nothing is lost (a clean shutdown writes everything back). If the file
CONTROL_DIR/cut exists when it is unmounted, this process rewrites BACKING to the state a
power cut leaves instead: the folders' last fsynced entries (recursively from the root), each
file with its last fsynced bytes (empty if it never was). Adversarial extras, seeded: some
unsynced writes may have reached the disk anyway (each dirty range kept with probability 1/2:
a torn file), and a folder with unsynced entries may have been written back as it is now (its
live entries, probability 1/4). CONTROL_DIR/stats.json then says what was thrown away.

Limits (documented in docs/power-cut-harness.md): single-threaded; symlinks, xattrs and
special files are refused; byte-range locks are left to the kernel; file times and modes are
not kept across a cut.
"""
import errno
import json
import os
import random
import shutil
import sys

from fusepy import FUSE, FuseOSError, Operations


class Lossy(Operations):
    def __init__(self, backing, control, seed, freeze_at=0, dry=False):
        self.freeze_at = freeze_at
        self.dry = dry
        self.ops = 0
        self.root = os.path.realpath(backing)
        self.control = control
        self.snapdir = os.path.join(control, 'snap')
        os.makedirs(self.snapdir, exist_ok=True)
        self.rand = random.Random(seed)
        self.next_id = 1
        self.kind = {}  # node -> 'd' | 'f'
        self.live = {}  # dir node -> {name: node}
        self.dur = {}  # dir node -> {name: node} as of its last fsync
        self.snap = {}  # file node -> 'INIT' | None (empty) | path of the synced copy
        self.dirty = {}  # file node -> [(offset, length)] written since the last sync; -1 = truncated
        self.fh_node = {}
        self.stats = {'fsyncs': 0, 'dirfsyncs': 0}
        self.oplog = []  # 'n kind path' of every changing operation: CONTROL_DIR/ops.log at unmount
        self.root_node = self._new('d')
        self._scan(self.root, self.root_node)

    # ---- the model ----

    def _new(self, kind):
        n = self.next_id
        self.next_id += 1
        self.kind[n] = kind
        if kind == 'd':
            self.live[n] = {}
            self.dur[n] = {}
        else:
            self.snap[n] = None
            self.dirty[n] = []
        return n

    def _scan(self, path, node):
        for name in os.listdir(path):
            p = os.path.join(path, name)
            if os.path.isdir(p) and not os.path.islink(p):
                child = self._new('d')
                self._scan(p, child)
            else:
                child = self._new('f')
                self.snap[child] = 'INIT'
            self.live[node][name] = child
            self.dur[node][name] = child

    def _lookup(self, path):
        """(parent node, name, node or None) of a path inside the mount."""
        parts = [p for p in path.split('/') if p]
        node = self.root_node
        parent, name = None, ''
        for i, part in enumerate(parts):
            parent, name = node, part
            node = self.live.get(node, {}).get(part)
            if node is None:
                if i != len(parts) - 1:
                    raise FuseOSError(errno.ENOENT)
                return parent, name, None
        return parent, name, node

    def _node(self, path):
        n = self._lookup(path)[2]
        if n is None:
            raise FuseOSError(errno.ENOENT)
        return n

    def _keep_init(self, node, real):
        """Before an unsynced change to a file present at mount: keep its on-disk bytes."""
        if self.kind.get(node) == 'f' and self.snap.get(node) == 'INIT':
            dst = os.path.join(self.snapdir, str(node))
            shutil.copyfile(real, dst)
            self.snap[node] = dst

    def _sync_file(self, node, fd):
        """fsync: the file's bytes now are what the disk holds."""
        if self.snap[node] == 'INIT' and not self.dirty[node]:
            return  # unchanged since mount: the bytes on the disk are the synced ones
        dst = os.path.join(self.snapdir, str(node))
        size = os.fstat(fd).st_size
        if self.snap[node] is None or any(off < 0 for off, _ in self.dirty[node]):
            # New since mount (every byte was written since), or truncated: copy it whole.
            with open(dst, 'wb') as out:
                off = 0
                while off < size:
                    chunk = os.pread(fd, min(1 << 20, size - off), off)
                    if not chunk:
                        break
                    out.write(chunk)
                    off += len(chunk)
        else:
            with open(dst, 'r+b') as out:
                for off, length in self.dirty[node]:
                    if off >= size:
                        continue
                    out.seek(off)
                    out.write(os.pread(fd, min(length, size - off), off))
                out.truncate(size)
        self.snap[node] = dst
        self.dirty[node] = []

    def _tick(self, kind, path):
        """Counts a changing operation; at FREEZE_AT the disk stops answering (see the top)."""
        self.ops += 1
        self.oplog.append('%d %s %s' % (self.ops, kind, path))
        if not self.freeze_at or self.ops < self.freeze_at:
            return
        if self.ops == self.freeze_at:
            open(os.path.join(self.control, 'frozen'), 'w').close()
        import time
        while not os.path.exists(os.path.join(self.control, 'cut')):
            time.sleep(0.01)
        raise FuseOSError(errno.EIO)

    def _real(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    # ---- filesystem operations ----

    def access(self, path, mode):
        if not os.access(self._real(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        try:
            st = os.lstat(self._real(path))
        except OSError as e:
            raise FuseOSError(e.errno)
        return {k: getattr(st, k) for k in ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid', 'st_ino')}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._real(path))

    def statfs(self, path):
        sv = os.statvfs(self._real(path))
        r = {k: getattr(sv, k) for k in ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax')}
        return r

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._real(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._real(path), times)

    def readlink(self, path):
        raise FuseOSError(errno.EINVAL)

    def symlink(self, target, source):
        raise FuseOSError(errno.EPERM)

    def mknod(self, path, mode, dev):
        raise FuseOSError(errno.EPERM)

    def mkdir(self, path, mode):
        self._tick('mkdir', path)
        parent, name, node = self._lookup(path)
        os.mkdir(self._real(path), mode)
        self.live[parent][name] = self._new('d')

    def rmdir(self, path):
        self._tick('rmdir', path)
        parent, name, node = self._lookup(path)
        os.rmdir(self._real(path))
        del self.live[parent][name]

    def unlink(self, path):
        self._tick('unlink', path)
        parent, name, node = self._lookup(path)
        if node is not None:
            self._keep_init(node, self._real(path))
        os.unlink(self._real(path))
        del self.live[parent][name]

    def rename(self, old, new):
        self._tick('rename', old + ' -> ' + new)
        op, oname, onode = self._lookup(old)
        np_, nname, nnode = self._lookup(new)
        if nnode is not None and nnode != onode:
            self._keep_init(nnode, self._real(new))
        os.rename(self._real(old), self._real(new))
        del self.live[op][oname]
        self.live[np_][nname] = onode

    def link(self, target, source):
        self._tick('link', target)
        # fusepy: link(target=new name, source=existing)
        snode = self._node(source)
        tp, tname, _ = self._lookup(target)
        os.link(self._real(source), self._real(target))
        self.live[tp][tname] = snode

    def truncate(self, path, length, fh=None):
        self._tick('truncate', path)
        node = self._node(path)
        self._keep_init(node, self._real(path))
        if fh is not None:
            os.ftruncate(fh, length)
        else:
            os.truncate(self._real(path), length)
        self.dirty[node].append((-1, 0))

    def create(self, path, mode, fi=None):
        self._tick('create', path)
        parent, name, node = self._lookup(path)
        if node is not None:
            self._keep_init(node, self._real(path))
        fd = os.open(self._real(path), os.O_RDWR | os.O_CREAT | os.O_TRUNC, mode)
        if node is None:
            node = self._new('f')
            self.live[parent][name] = node
        else:
            self.dirty[node].append((-1, 0))
        self.fh_node[fd] = node
        return fd

    def open(self, path, flags):
        node = self._node(path)
        if flags & os.O_TRUNC:
            self._keep_init(node, self._real(path))
            self.dirty[node].append((-1, 0))
        # O_DIRECT and O_APPEND stay with the kernel's side of FUSE; open read-write so any
        # write the kernel sends (also from mmap) can go through.
        acc = flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
        fd = os.open(self._real(path), (os.O_RDWR if acc != os.O_RDONLY else os.O_RDONLY) | (flags & os.O_TRUNC))
        self.fh_node[fd] = node
        return fd

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        self._tick('write', path)
        node = self.fh_node[fh]
        self._keep_init(node, self._real(path))
        n = os.pwrite(fh, data, offset)
        d = self.dirty[node]
        if d and d[-1][0] >= 0 and d[-1][0] + d[-1][1] == offset:
            d[-1] = (d[-1][0], d[-1][1] + n)  # sequential writes: one range
        else:
            d.append((offset, n))
        return n

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        self.fh_node.pop(fh, None)
        os.close(fh)
        return 0

    def fsync(self, path, datasync, fh):
        self._tick('fsync', path)
        self.stats['fsyncs'] += 1
        node = self.fh_node.get(fh) or self._node(path)
        if not self.dry:
            self._sync_file(node, fh)
        return 0

    def fsyncdir(self, path, datasync, fh):
        self._tick('fsyncdir', path)
        self.stats['dirfsyncs'] += 1
        node = self._node(path)
        if not self.dry:
            self.dur[node] = dict(self.live[node])
        return 0

    # ---- the cut ----

    def destroy(self, path):
        # fusepy swallows exceptions of destroy: say what went wrong and fail the process.
        try:
            self._cut()
        except BaseException:
            import traceback
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(3)

    def _cut(self):
        with open(os.path.join(self.control, 'ops.log'), 'w') as f:
            f.write(''.join(line + '\n' for line in self.oplog))
        cut = self.dry or os.path.exists(os.path.join(self.control, 'cut'))
        if not cut:
            with open(os.path.join(self.control, 'stats.json'), 'w') as f:
                json.dump(dict(self.stats, ops=self.ops, cut=False), f)
            return
        live_path = {}

        def walk(node, p):
            for name, child in self.live[node].items():
                cp = os.path.join(p, name)
                if self.kind[child] == 'd':
                    walk(child, cp)
                else:
                    live_path.setdefault(child, cp)

        walk(self.root_node, self.root)
        # Built beside the snapshots first, then copied onto the disk (plain mkdir and copy:
        # nothing the disk's filesystem might lack, such as chmod on FAT).
        new_root = os.path.join(self.control, 'materialized')
        shutil.rmtree(new_root, ignore_errors=True)
        os.mkdir(new_root)
        stats = dict(self.stats, ops=self.ops, cut=True, filesLostData=0, filesTorn=0, foldersLostNames=0, foldersWrittenBack=0, files=0)
        seen_dirs = set()

        def build(node, out):
            if node in seen_dirs:
                return
            seen_dirs.add(node)
            entries = self.dur[node]
            if entries != self.live[node]:
                # (A dry run rolls back exactly: no folder written back, no torn file.)
                if not self.dry and self.rand.random() < 0.25:
                    entries = self.live[node]
                    stats['foldersWrittenBack'] += 1
                else:
                    stats['foldersLostNames'] += 1
            for name, child in sorted(entries.items()):
                dst = os.path.join(out, name)
                if self.kind[child] == 'd':
                    if child in seen_dirs:
                        continue
                    os.mkdir(dst)
                    build(child, dst)
                else:
                    write_file(child, dst)

        def write_file(node, dst):
            stats['files'] += 1
            snap = self.snap[node]
            src = live_path.get(node) if snap == 'INIT' else snap
            if src:
                shutil.copyfile(src, dst)
            else:
                open(dst, 'wb').close()
            ranges = [r for r in self.dirty[node] if r[0] >= 0]
            if not self.dirty[node]:
                return
            stats['filesLostData'] += 1
            live = live_path.get(node)
            if self.dry or not live or not ranges or self.rand.random() < 0.5:
                return
            # Some of the unsynced writes reached the disk: a torn file.
            stats['filesTorn'] += 1
            with open(live, 'rb') as src_f, open(dst, 'r+b') as out:
                for off, length in ranges:
                    if self.rand.random() < 0.5:
                        src_f.seek(off)
                        chunk = src_f.read(self.rand.randint(1, max(1, length)))
                        out.seek(off)
                        out.write(chunk)

        build(self.root_node, new_root)
        for name in os.listdir(self.root):
            p = os.path.join(self.root, name)
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            else:
                os.unlink(p)
        def copy_in(src, dst):  # no copystat: fusefat has no chmod/utime (ENOSYS)
            for e in os.scandir(src):
                d = os.path.join(dst, e.name)
                if e.is_dir():
                    os.mkdir(d)
                    copy_in(e.path, d)
                else:
                    shutil.copyfile(e.path, d)

        copy_in(new_root, self.root)
        shutil.rmtree(new_root)
        os.sync()
        with open(os.path.join(self.control, 'stats.json'), 'w') as f:
            json.dump(stats, f)


if __name__ == '__main__':
    backing, mountpoint, control = sys.argv[1:4]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    freeze_arg = sys.argv[5] if len(sys.argv) > 5 else '0'
    dry = freeze_arg == 'dry'
    freeze_at = 0 if dry else int(freeze_arg)
    FUSE(Lossy(backing, control, seed, freeze_at, dry), mountpoint, foreground=True, nothreads=True, big_writes=True, max_write=131072)
