// Mount and unmount commands come from config ("mount -t exfat -o ro {device} {mountpoint}"),
// because what works differs between machines: the Pi's kernel has vfat/exfat/ntfs3, a CI
// container may only have FUSE (fusefat, exfat-fuse), a box may need sudo or ntfs-3g.
//
// The template is split into words at spaces BEFORE the placeholders are filled in, and the
// result runs without a shell: a device or mount point can never add or change an argument.

export const TEMPLATE_PLACEHOLDERS = ['device', 'mountpoint', 'fstype'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** Problems with a template, for config validation ("path: message"); empty when fine. */
export function templateProblems(template: string, required: readonly TemplatePlaceholder[] = ['mountpoint']): string[] {
  const words = template.trim().split(/\s+/).filter(Boolean);
  const problems: string[] = [];
  if (words.length === 0) return ['is empty'];
  if (/\{[a-z]+\}/.test(words[0]!)) problems.push('the program name cannot be a placeholder');
  const used = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) used.add(m[1]!);
  for (const name of used) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push(`unknown placeholder {${name}} (known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
  }
  for (const name of required) if (!used.has(name)) problems.push(`must contain {${name}}`);
  return problems;
}

/** "mount -o ro {device} {mountpoint}" → ["mount", "-o", "ro", "/dev/sda1", "/run/…/card"]. */
export function expandTemplate(template: string, values: TemplateValues): string[] {
  const problems = templateProblems(template, []);
  if (problems.length) throw new Error(`command template "${template}": ${problems.join('; ')}`);
  return template
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(PLACEHOLDER, (_, name: string) => values[name as TemplatePlaceholder]));
}
