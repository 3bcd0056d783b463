import { EventEmitter } from 'node:events';
import type { CardInfo, ComponentState } from '../../api-types.js';
import type { Startable } from '../../hw/component.js';
import type { Logger } from '../../log.js';

export type { CardInfo };

export interface CardSourceStatus {
  state: ComponentState;
  kind: string;
  /** The slot folder (stand-in) or the mount base (block devices). */
  path: string | null;
  cardPresent: boolean;
  cards: CardInfo[];
  /** One line for people: why it is down, or a warning (card unreadable, ejected card still in). */
  detail: string | null;
}

export interface CardError {
  cardId: string | null;
  device: string | null;
  message: string;
}

export interface CardSourceEvents {
  /** A card is in and readable at `root`. Emitted again after the card was removed and re-inserted. */
  'card-inserted': [CardInfo];
  /** The card is gone (pulled out, folder removed), whether or not it was ejected first. */
  'card-removed': [{ cardId: string }];
  /** `eject()` unmounted it: safe to pull out. No 'card-inserted' again until it has been out. */
  'card-ejected': [{ cardId: string }];
  /** A card that is in but cannot be read (mount failed); the status says the same. */
  'card-error': [CardError];
}

/** Where memory cards appear: the card reader on the Pi, a folder on a laptop. */
export interface CardSource extends Startable, EventEmitter<CardSourceEvents> {
  status(): CardSourceStatus;
  /** The cards inserted and readable now. */
  cards(): CardInfo[];
  /**
   * Done with a card (after ingest, or the eject button): unmount it. Rejects when the card is
   * unknown or still busy, so "safe to remove" is only shown when true.
   */
  eject(cardId: string): Promise<void>;
  /** Look now instead of at the next poll (after a USB event, from the UI, in tests). */
  rescan(): Promise<void>;
}

/** The event plumbing both sources share: a throwing listener is logged, never kills the source. */
export abstract class CardSourceBase extends EventEmitter<CardSourceEvents> {
  constructor(protected readonly log: Logger) {
    super();
  }

  protected emitSafe<K extends keyof CardSourceEvents>(event: K, ...args: CardSourceEvents[K]): void {
    this.log.info({ event, ...args[0] }, event);
    for (const fn of this.listeners(event)) {
      try {
        (fn as (...a: CardSourceEvents[K]) => void)(...args);
      } catch (err) {
        this.log.error({ err, event }, 'card event listener failed');
      }
    }
  }
}
