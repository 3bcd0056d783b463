import { mkdirSync, readdirSync } from 'node:fs';
import type { CardSource, CardSourceStatus } from './card-source.js';

/**
 * The development card slot: a folder (default ./data/card-slot) where a sub-folder that
 * appears is an inserted card. Watching and ingest come with the ingest issue; this reports
 * whether a card is present.
 */
export class FolderCardSource implements CardSource {
  private running = false;

  constructor(private readonly path: string) {}

  async start(): Promise<void> {
    mkdirSync(this.path, { recursive: true });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  status(): CardSourceStatus {
    let cardPresent = false;
    try {
      cardPresent = readdirSync(this.path, { withFileTypes: true }).some((d) => d.isDirectory() && !d.name.startsWith('.'));
    } catch {
      return { state: 'down', kind: 'folder', path: this.path, cardPresent: false };
    }
    return { state: this.running ? 'simulated' : 'down', kind: 'folder', path: this.path, cardPresent };
  }
}
