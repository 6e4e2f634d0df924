import { randomBytes } from 'node:crypto';
import type { Job, JobQueue } from '../store.js';
import type { Db } from './db.js';
import { insertDocument, removeIndexedFile } from './chunk-writes.js';

type ClaimedRow = {
  id: number; store_id: string; file_id: string; filename: string; bytes: number; attempts: number; lease_owner: string;
  max_tokens: number; overlap_tokens: number; embedder_provider: string; embedder_model: string; dimension: number;
};

export function createJobQueue(db: Db): JobQueue {
  // A job is held by whoever wrote the current lease token. Tokens are random, so unique for all time:
  // a job id can be reused once its row is gone, but a worker whose job was cancelled, detached or
  // re-queued (or whose lease expired) never matches a later claim, and so can no longer write.
  const held = (job: Job) =>
    db.stmt('SELECT 1 FROM jobs WHERE id = ? AND lease_owner = ? AND store_id = ? AND file_id = ?').get(job.id, job.leaseOwner, job.storeId, job.fileId) !== undefined;

  return {
    async claim(owner, { maxJobs, maxBytes }, leaseMs) {
      const now = Date.now();
      return db.tx(() => {
        const candidates = db
          .stmt(
            `SELECT j.id, coalesce(f.bytes, 0) AS bytes FROM jobs j LEFT JOIN files f ON f.id = j.file_id
             WHERE j.run_after <= ? AND j.lease_until <= ? ORDER BY j.id LIMIT ?`,
          )
          .all(now, now, maxJobs) as Array<{ id: number; bytes: number }>;
        const ids: number[] = [];
        let budget = maxBytes;
        for (const c of candidates) {
          if (ids.length > 0 && c.bytes > budget) break;
          ids.push(c.id);
          budget -= c.bytes;
        }
        const lease = db.stmt('UPDATE jobs SET attempts = attempts + 1, lease_owner = ?, lease_until = ? WHERE id = ?');
        for (const id of ids) lease.run(`${owner}:${randomBytes(12).toString('hex')}`, now + leaseMs, id);
        const read = db.stmt(
          `SELECT j.id, j.store_id, j.file_id, f.filename, f.bytes, j.attempts, j.lease_owner, sf.max_tokens, sf.overlap_tokens,
                  vs.embedder_provider, vs.embedder_model, vs.dimension
           FROM jobs j JOIN store_files sf ON sf.store_id = j.store_id AND sf.file_id = j.file_id
           JOIN vector_stores vs ON vs.id = j.store_id JOIN files f ON f.id = j.file_id WHERE j.id = ?`,
        );
        return ids
          .map((id) => read.get(id) as ClaimedRow | undefined)
          .filter((r): r is ClaimedRow => r !== undefined)
          .map((r): Job => ({
            id: r.id,
            storeId: r.store_id,
            fileId: r.file_id,
            filename: r.filename,
            bytes: r.bytes,
            attempts: r.attempts,
            leaseOwner: r.lease_owner,
            chunking: { maxTokens: r.max_tokens, overlapTokens: r.overlap_tokens },
            embedder: { provider: r.embedder_provider, model: r.embedder_model, dimension: r.dimension },
          }));
      });
    },

    async isHeld(job) {
      return held(job);
    },

    async renew(job, leaseMs) {
      return db.stmt('UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?').run(Date.now() + leaseMs, job.id, job.leaseOwner).changes === 1;
    },

    async complete(entries) {
      return db.tx(() =>
        entries.map(({ job, document: { text, chunks } }) => {
          if (!held(job)) return false;
          // A re-run after a crash starts from a clean slate: nothing of an earlier attempt survives.
          removeIndexedFile(db, job.storeId, job.fileId);
          insertDocument(db, job.storeId, job.fileId, text, chunks);
          const usage = chunks.reduce((sum, c) => sum + Buffer.byteLength(c.text) + c.vector.byteLength, 0);
          db.stmt("UPDATE store_files SET status = 'completed', usage_bytes = ? WHERE store_id = ? AND file_id = ?").run(usage, job.storeId, job.fileId);
          db.stmt('DELETE FROM jobs WHERE id = ?').run(job.id);
          return true;
        }),
      );
    },

    async retry(job, delayMs) {
      db.stmt('UPDATE jobs SET lease_owner = NULL, lease_until = 0, run_after = ? WHERE id = ? AND lease_owner = ?').run(
        Date.now() + delayMs, job.id, job.leaseOwner,
      );
    },

    async fail(job, error) {
      return db.tx(() => {
        if (!held(job)) return false;
        db.stmt("UPDATE store_files SET status = 'failed', error_code = ?, error_message = ?, usage_bytes = 0 WHERE store_id = ? AND file_id = ?").run(
          error.code, error.message, job.storeId, job.fileId,
        );
        db.stmt('DELETE FROM jobs WHERE id = ?').run(job.id);
        return true;
      });
    },

    async releaseAbandoned(isDead) {
      const now = Date.now();
      return db.tx(() => {
        const leases = db.stmt('SELECT id, lease_owner FROM jobs WHERE lease_owner IS NOT NULL AND lease_until > ?').all(now) as Array<{
          id: number; lease_owner: string;
        }>;
        const release = db.stmt('UPDATE jobs SET lease_owner = NULL, lease_until = 0 WHERE id = ?');
        const abandoned = leases.filter((l) => isDead(l.lease_owner));
        for (const { id } of abandoned) release.run(id);
        return abandoned.length;
      });
    },

    async backlog() {
      // A job keeps no time of its own; its file's attach time stands in (a re-attach keeps the first one).
      const row = db
        .stmt('SELECT count(*) AS jobs, min(sf.created_at) AS oldest FROM jobs j JOIN store_files sf ON sf.store_id = j.store_id AND sf.file_id = j.file_id')
        .get() as { jobs: number; oldest: number | null };
      return { jobs: row.jobs, oldestAttachedAt: row.oldest };
    },
  };
}
