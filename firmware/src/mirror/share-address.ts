// "//PC-NAME/Photos/Studio Box" (or with backslashes, as Windows writes it) → host, share,
// folder. Pure; tested in test/mirror/share-address.test.ts.

export interface ShareAddress {
  host: string;
  share: string;
  /** Folder inside the share, "/"-separated, "" for the share's top. */
  folder: string;
}

// A NetBIOS name, a DNS name or an IPv4 address. No spaces, no slashes.
const HOST = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,252})$/;
// Characters Windows refuses in share and folder names, and the quote smbclient's commands use.
const BAD_PART = /[\u0000-\u001f\u007f"*:<>?|\\]/;

export function parseShareAddress(text: string): ShareAddress | { error: string } {
  const t = text.trim().replace(/\\/g, '/');
  const m = /^(?:smb:)?\/\/([^/]+)\/([^/]+)((?:\/[^/]*)*)$/.exec(t);
  if (!m) return { error: 'write it as //PC-NAME/Share (or //192.168.1.20/Share), optionally with a folder: //PC-NAME/Share/Folder' };
  const host = m[1]!;
  const share = m[2]!.trim();
  if (!HOST.test(host)) return { error: `"${host}" is not a computer name or IP address` };
  if (!share || BAD_PART.test(share) || share.length > 80) return { error: `"${share}" is not a share name` };
  const parts = (m[3] ?? '').split('/').map((p) => p.trim()).filter((p) => p.length > 0);
  for (const p of parts) {
    if (BAD_PART.test(p) || p === '.' || p === '..') return { error: `"${p}" cannot be a folder name on the share` };
  }
  return { host, share, folder: parts.join('/') };
}

export const formatShareAddress = (a: ShareAddress): string => `//${a.host}/${a.share}${a.folder ? `/${a.folder}` : ''}`;

/** A path on the share: the folder, then the library-relative path. */
export const remotePathOf = (a: ShareAddress, rel: string): string => (a.folder ? `${a.folder}/${rel}` : rel);
