// Stand-ins for the system programs install.sh and the root helper call (apt-get, systemctl,
// useradd, mount…), for installing into a folder instead of a Pi. Each records its call; the
// few whose answers matter keep state in files, as the real ones would in the system:
// users and groups, whether the unit runs, and /api/health, which answers with the database
// ok unless the version the `current` link points to is listed as broken. A start of a broken
// version also "migrates" the database (appends to it), as a new version would before failing.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeSystem {
  bin: string;
  calls(): string[];
  /** Versions whose health check fails. */
  breakVersion(v: string): void;
}

export function fakeSystem(dir: string, root: string): FakeSystem {
  const bin = join(dir, 'bin');
  const state = join(dir, 'state');
  mkdirSync(bin, { recursive: true });
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'broken'), '');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const script = (name: string, body = '') => {
    const p = join(bin, name);
    writeFileSync(p, `#!/bin/bash\necho "${name} $*" >>'${log}'\nS='${state}'\nROOT='${root}'\n${body}\nexit 0\n`);
    chmodSync(p, 0o755);
  };
  const version = `v=$(sed -n 's/^VERSION=//p' "$ROOT/opt/studio-box/current/RELEASE" 2>/dev/null)`;
  for (const name of ['apt-get', 'usermod', 'chown', 'udevadm', 'gpg', 'hostnamectl', 'avahi-set-host-name', 'mount', 'umount', 'systemd-run', 'blkid', 'smartctl']) script(name);
  script('getent', 'grep -qx "$1:$2" "$S/db" 2>/dev/null || exit 2');
  script('groupadd', 'echo "group:${@: -1}" >>"$S/db"');
  script('useradd', 'echo "passwd:${@: -1}" >>"$S/db"');
  script('id', '[ "$1" = -u ] && [ -z "${2:-}" ] && { echo 0; exit 0; }; echo 1234');
  script('curl', `[ -e "$S/active" ] || exit 7\n${version}\ngrep -qx "$v" "$S/broken" && exit 22\necho '{"data":{"status":"degraded","db":{"state":"ok"}}}'`);
  script(
    'systemctl',
    `case "$1" in
  is-active) [ -e "$S/active" ] || exit 3 ;;
  start) touch "$S/active"; ${version}; if grep -qx "$v" "$S/broken"; then echo "migrated by $v" >>"$ROOT/var/lib/studio-box/studio-box.db"; fi ;;
  stop) rm -f "$S/active" ;;
  disable) rm -f "$S/active" ;;
esac`,
  );
  return {
    bin,
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    breakVersion: (v) => writeFileSync(join(state, 'broken'), `${v}\n`, { flag: 'a' }),
  };
}
