// The status page's network card (H6): where the box is on the studio network, and its name.
// Spread into ../lang/en.ts.
export const networkEn = {
  'network.title': 'Network',
  'network.openAt': 'Open the box at',
  'network.addresses': 'If the name does not open, type an address:',
  'network.noAddress': 'The box has no network address: check its cable or Wi-Fi.',
  'network.name': 'Box name',
  'network.nameHint': 'Lower-case letters, digits and “-”. Computers and phones find the box as NAME.local.',
  'network.rename': 'Rename',
  'network.renamed': 'Renamed: the box is now at {url}',
  'network.nameInvalid': 'Use 1–63 lower-case letters, digits and “-”, not starting or ending with “-”.',
  'serverError.rename_failed': 'The box could not be renamed; it keeps its name.',
  'serverError.rename_unavailable': 'This box cannot rename itself: its name is set on the computer it runs on.',
  'entity.box': 'Box',
  'audit.sum.box.update': 'Box renamed to {name}',
};
