// If-None-Match against a strong ETag (RFC 9110 13.1.2: weak comparison, "*" matches anything).
// express's own ETags are off (app.ts); routes serving content-addressed files set theirs.
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v.replace(/^W\//, '') === bare;
  });
}
