// What the mirror's service-level tests start from: a real smbd, a migrated database with an
// admin (id 1, for the audit), a data folder and two folder disks under one Scratch.
import { join } from 'node:path';
import type { Db } from '../../src/db/connection.js';
import { testDb, type Scratch } from '../ingest/engine-helpers.js';
import { Smbd } from './smbd-harness.js';

export interface MirrorBed {
  smbd: Smbd;
  db: Db;
  dataDir: string;
  roots: { library: string; backup: string };
}

export async function mirrorBed(scratch: Scratch): Promise<MirrorBed> {
  const smbd = new Smbd();
  await smbd.start();
  const dataDir = scratch.folder('data');
  const roots = { library: scratch.folder('library'), backup: scratch.folder('backup') };
  const db = testDb(join(dataDir, 'studio-box.db'));
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'admin', 'admin', 'x', 1, '', '')`).run();
  return { smbd, db, dataDir, roots };
}
