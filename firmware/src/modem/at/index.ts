// The AT channel: framing, classification, one-command-at-a-time runner, and the link that
// owns the port. Import from here.
export { AtChannel, CTRL_Z, ESC, GSM_PROBES, type AtChannelEvents, type AtChannelOptions, type AtCommand, type AtResponse, type ResyncProbe } from './channel.js';
export { LineClassifier, parseFinal, type Classified, type CommandContext, type Expect, type FinalResult } from './classify.js';
export { AtClosedError, AtError, AtMismatchError, AtTimeoutError } from './errors.js';
export { AtFrameStream, LineFramer, type Frame } from './framer.js';
export { BASE_INIT, ModemLink, type LinkState, type LinkStatus, type ModemLinkEvents, type ModemLinkOptions } from './link.js';
export { SerialTransport, type AtTransport, type SerialTransportOptions } from './transport.js';
export { parseUrc, type PowerWarning, type Urc } from './urc.js';
