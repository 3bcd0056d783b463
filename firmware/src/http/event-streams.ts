// The open /api/events streams, by session and by user, so that a logout, a change of rights
// or a disabled account ends them at once instead of at the next heartbeat. The browser's
// EventSource reconnects by itself: with its new rights, or not at all after a logout.

interface OpenStream {
  userId: number;
  token: string;
  end(): void;
}

export class EventStreams {
  private readonly open = new Set<OpenStream>();

  /** Registers a stream; the returned function forgets it (call it when the stream closes). */
  add(userId: number, token: string, end: () => void): () => void {
    const s: OpenStream = { userId, token, end };
    this.open.add(s);
    return () => this.open.delete(s);
  }

  /** Ends the streams of one session (logout). */
  endSession(token: string): void {
    this.endWhere((s) => s.token === token);
  }

  /** Ends every stream of these users (their rights changed, or they were disabled or deleted). */
  endUsers(userIds: Iterable<number>): void {
    const ids = new Set(userIds);
    if (ids.size) this.endWhere((s) => ids.has(s.userId));
  }

  get count(): number {
    return this.open.size;
  }

  private endWhere(pred: (s: OpenStream) => boolean): void {
    for (const s of [...this.open]) {
      if (!pred(s)) continue;
      this.open.delete(s);
      s.end();
    }
  }
}
