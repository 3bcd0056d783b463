// Formatted caller ID arrives as several lines between two RINGs; this collects them and
// hands back one result per block. Pure: no timers — the owner calls flush() when the line
// goes quiet, and decides what to do with RING itself.
import type { CallerIdResult } from './types.js';
import { buildVcidBlock } from './vcid-block.js';
import { parseVcidLine, type VcidField } from './vcid-line.js';

export class VcidAccumulator {
  #fields: VcidField[] = [];

  /**
   * Feed one line. Returns a result when this line closed a block: any non-blank line that is
   * not a caller-ID field (RING, OK, …), or a field tag the open block already has (a second
   * call's block). Blank lines are ignored: modems put them between fields. Unrelated lines
   * with no block open return null.
   */
  push(line: string): CallerIdResult | null {
    const field = parseVcidLine(line);
    if (!field) return line.trim() === '' ? null : this.flush();
    // MESG may repeat (one per unknown parameter); any other repeated tag starts a new block.
    const closes = field.tag !== 'MESG' && this.#fields.some((f) => f.tag === field.tag);
    const done = closes ? this.flush() : null;
    this.#fields.push(field);
    return done;
  }

  /** Close the open block now (e.g. the line went quiet); null when nothing is open. */
  flush(): CallerIdResult | null {
    if (this.#fields.length === 0) return null;
    const fields = this.#fields;
    this.#fields = [];
    return buildVcidBlock(fields);
  }

  /** True while a block is being collected, so the owner knows to arm its quiet timer. */
  get pending(): boolean {
    return this.#fields.length > 0;
  }
}
