// Undoing a ledger line (a payment, points) the one way the box allows: a reversal with the
// reason staff give. window.prompt: plain, accessible, works on phones; no reason, no reversal.
import { api } from '../api';

export interface LedgerCallbacks {
  onChanged(): void;
  onError(err: unknown): void;
}

export async function reverseWithReason(question: string, path: string, p: LedgerCallbacks): Promise<void> {
  const reason = window.prompt(question)?.trim();
  if (!reason) return;
  try {
    await api('POST', path, { reason });
    p.onChanged();
  } catch (err) {
    p.onError(err);
  }
}
