/**
 * Sending's part of the store: the next leads to send, an attempt recorded before its batch goes on the
 * wire, its settlement after the reply, and recovery of attempts a crash left unsettled (docs/engine.md,
 * "Delivery").
 */
import type { Counts } from '../../../shared/contract.ts';
import { decodeCells } from './cells.ts';
import { base, now, SPAN, type StoreDatabase } from './database.ts';
import { reasonGroupOf } from './lead-batch.ts';
import type { DerivePayload, SendableLead, Settlement } from './records.ts';

function payloadOf(
  r: { cells: string; raw: string | null; payload: string | null; row_number: number },
  derive: DerivePayload | undefined,
): Record<string, string> {
  if (r.payload) return JSON.parse(r.payload);
  if (!derive) throw new Error(`row ${r.row_number} has no payload and no mapping to derive it from`);
  return derive(decodeCells(r.cells), r.raw ? JSON.parse(r.raw) : undefined);
}

export function createAttempts({ sql, transaction }: StoreDatabase) {
  return {
    /**
     * The next leads to send, in source order after `afterSeq`. A lead keeps no payload of its own when
     * it can be derived from its cells (see docs/engine.md), so `derive` turns cells into what is sent.
     * `onlyFixed`: the leads a person fixed after they were refused or found invalid, and no others.
     */
    nextReady(jobId: string, afterSeq: number, limit: number, derive?: DerivePayload, onlyFixed = false): SendableLead[] {
      const rows = sql(
        `SELECT id, row_number, cells, raw, payload, uncertain, attempts FROM leads WHERE id > ? AND id < ? AND status = 'ready' ${onlyFixed ? 'AND fixed = 1' : ''} ORDER BY id LIMIT ?`,
      ).all(base(jobId) + afterSeq, base(jobId) + SPAN, limit) as {
        id: number;
        row_number: number;
        cells: string;
        raw: string | null;
        payload: string | null;
        uncertain: number;
        attempts: number;
      }[];
      return rows.map((r) => ({
        seq: r.id % SPAN,
        rowNumber: r.row_number,
        payload: payloadOf(r, derive),
        uncertain: r.uncertain === 1,
        attempts: r.attempts,
      }));
    },

    /**
     * Records an attempt and marks its leads as sending, before anything goes on the wire. Only leads
     * still ready are taken (checked inside the write transaction), so a lead is never in two attempts,
     * whoever else read it as ready: returns the attempt and the leads it took, or undefined for none.
     */
    beginAttempt(jobId: string, seqs: readonly number[]): { id: number; seqs: number[] } | undefined {
      return transaction(() => {
        const ready = (
          sql("SELECT id FROM leads WHERE id IN (SELECT ? + value FROM json_each(?)) AND status = 'ready' ORDER BY id").all(
            base(jobId),
            JSON.stringify(seqs),
          ) as { id: number }[]
        ).map((r) => r.id % SPAN);
        if (ready.length === 0) return undefined;
        const taken = JSON.stringify(ready);
        const attempt = sql('INSERT INTO attempts (job_id, started_at, lead_seqs) VALUES (?,?,?)').run(
          Number(jobId),
          now(),
          taken,
        );
        const attemptId = Number(attempt.lastInsertRowid);
        // One statement for the whole batch: a JS call per lead costs more than the update itself.
        sql(
          "UPDATE leads SET status = 'sending', attempt_id = ?, attempts = attempts + 1 WHERE id IN (SELECT ? + value FROM json_each(?))",
        ).run(attemptId, base(jobId), taken);
        return { id: attemptId, seqs: ready };
      });
    },

    /** Settles an attempt's leads with the outcome of its reply, in one transaction. */
    settleAttempt(
      jobId: string,
      attemptId: number,
      outcome: string,
      reply: string | undefined,
      settlements: readonly Settlement[],
      counts: Counts,
    ): void {
      transaction(() => {
        sql('UPDATE attempts SET finished_at = ?, outcome = ?, reply = ? WHERE id = ?').run(
          now(),
          outcome,
          reply ?? null,
          attemptId,
        );
        const settle = sql(
          'UPDATE leads SET status = ?, reason = ?, reason_group = ?, uncertain = ?, attempt_id = NULL WHERE id = ? AND attempt_id = ?',
        );
        // Plain outcomes (imported, updated, back to ready) go in one statement per status; leads with a
        // reason one by one.
        const plain = new Map<string, number[]>();
        const detailed: Settlement[] = [];
        for (const s of settlements) {
          if (s.reason) detailed.push(s);
          else {
            const key = `${s.status}:${s.uncertain ? 1 : 0}`;
            const list = plain.get(key);
            if (list) list.push(s.seq);
            else plain.set(key, [s.seq]);
          }
        }
        const settleMany = sql(
          'UPDATE leads SET status = ?, reason = NULL, reason_group = NULL, uncertain = ?, attempt_id = NULL WHERE id IN (SELECT ? + value FROM json_each(?)) AND attempt_id = ?',
        );
        for (const [key, seqs] of plain) {
          const [status, uncertain] = key.split(':');
          settleMany.run(status, Number(uncertain), base(jobId), JSON.stringify(seqs), attemptId);
        }
        for (const s of detailed) {
          settle.run(
            s.status,
            s.reason ?? null,
            s.reason ? reasonGroupOf(s.reason) : null,
            s.uncertain ? 1 : 0,
            base(jobId) + s.seq,
            attemptId,
          );
        }
        sql('UPDATE jobs SET counts_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(counts), now(), Number(jobId));
      });
    },

    /**
     * After a crash: leads of attempts that never settled go back to "ready" marked uncertain (their batch
     * may have been stored), and the attempts are closed as interrupted. Returns how many leads.
     */
    recoverInterrupted(jobId: string): number {
      return transaction(() => {
        sql("UPDATE attempts SET finished_at = ?, outcome = 'interrupted' WHERE job_id = ? AND finished_at IS NULL").run(
          now(),
          Number(jobId),
        );
        const result = sql(
          "UPDATE leads SET status = 'ready', uncertain = 1, attempt_id = NULL WHERE id >= ? AND id < ? AND status = 'sending'",
        ).run(base(jobId), base(jobId) + SPAN);
        return Number(result.changes);
      });
    },

    attempts(jobId: string): { id: number; outcome: string | null; reply: string | null; leadSeqs: number[] }[] {
      return (
        sql('SELECT id, outcome, reply, lead_seqs FROM attempts WHERE job_id = ? ORDER BY id').all(Number(jobId)) as {
          id: number;
          outcome: string | null;
          reply: string | null;
          lead_seqs: string;
        }[]
      ).map((r) => ({ id: r.id, outcome: r.outcome, reply: r.reply, leadSeqs: JSON.parse(r.lead_seqs) }));
    },
  };
}
