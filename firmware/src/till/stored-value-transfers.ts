// Who may move stored value to whom (M3, issue 18 item 4). Pure: the service reads the two
// cards in its transaction and asks here. Stored value moves only between a main card and one
// of its attached cards (either way), never between two attached cards of one main card or
// between strangers, and only when the main card's type shares stored value.

export interface TransferCard {
  id: number;
  cardNo: string;
  state: 'active' | 'closed';
  /** The main card this one is attached to; null for a main card. */
  mainCardId: number | null;
  /** Whether the type of this card's main card (its own type for a main card) shares stored value. */
  mainShares: boolean;
}

export interface TransferRefusal {
  code: 'same_card' | 'card_closed' | 'cards_not_linked' | 'sharing_not_allowed';
  message: string;
}

/** Why stored value may not move from `from` to `to`, or null when it may. */
export function transferRefusal(from: TransferCard, to: TransferCard): TransferRefusal | null {
  if (from.id === to.id) return { code: 'same_card', message: `card ${from.cardNo} cannot transfer to itself` };
  for (const c of [from, to]) if (c.state !== 'active') return { code: 'card_closed', message: `card ${c.cardNo} is closed` };
  if (from.mainCardId !== to.id && to.mainCardId !== from.id) {
    return { code: 'cards_not_linked', message: `cards ${from.cardNo} and ${to.cardNo} are not a main card and one of its attached cards` };
  }
  const main = from.mainCardId === null ? from : to;
  if (!main.mainShares) return { code: 'sharing_not_allowed', message: `the type of main card ${main.cardNo} does not share stored value with its attached cards` };
  return null;
}
