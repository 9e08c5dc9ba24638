/**
 * The durable state of the canary and the refusal guard (docs/engine.md, "Canary and refusal guard"), kept
 * in `jobs.safety_json` beside the job, and the reads they need from the leads and attempts tables.
 *
 * Which leads the canary and the guard judge is told by attempts, not by positions: `since` is the last
 * attempt id before the current canary or window began, and a lead counts when an answered attempt after
 * it carried the lead. Fixed leads are sent again from the top of the file, so positions would mislead.
 */
import { isDuplicateReason } from '../../../shared/campaigner/reply.ts';
import type { LeadStatus, SafetyPause } from '../../../shared/contract.ts';
import { base, SPAN } from './database.ts';
import type { JobStore } from './job-store.ts';
import { reasonGroupOf } from './lead-batch.ts';

export interface SafetyRecord {
  /** Attempts with a larger id count for the canary and the guard. */
  since: number;
  /** The canary passed (or someone continued past it): the guard alone watches now. */
  canaryPassed: boolean;
  /** Someone continued past a pause of the guard: it watches no more in this submission. */
  guardOff?: boolean;
  /** The pause the canary or the guard made, until someone continues anyway or starts over. */
  pause?: SafetyPause;
}

export interface AnsweredLead {
  seq: number;
  status: LeadStatus;
  reason?: string;
}

/** Answered means the server said something about the lead: a batch reply, or a per-lead code. */
const ANSWERED_OUTCOME = "(outcome = 'answered' OR outcome LIKE 'code %')";
const ANSWERED_STATUS = new Set<LeadStatus>(['imported', 'updated', 'rejected', 'review']);

export const isDuplicateRefusal = (lead: { status: LeadStatus; reason?: string }) =>
  lead.status === 'rejected' && isDuplicateReason(lead.reason ?? '');

export function openSafetyStore(store: JobStore) {
  const { db } = store;

  const read = (jobId: string): SafetyRecord => {
    const row = db.prepare('SELECT safety_json FROM jobs WHERE id = ?').get(Number(jobId)) as
      | { safety_json: string | null }
      | undefined;
    const stored = row?.safety_json ? (JSON.parse(row.safety_json) as Partial<SafetyRecord>) : {};
    return {
      since: stored.since ?? 0,
      canaryPassed: stored.canaryPassed ?? false,
      guardOff: stored.guardOff,
      pause: stored.pause,
    };
  };

  const write = (jobId: string, record: SafetyRecord, message?: string | null) => {
    const json = JSON.stringify(record);
    if (message === undefined) db.prepare('UPDATE jobs SET safety_json = ? WHERE id = ?').run(json, Number(jobId));
    else db.prepare('UPDATE jobs SET safety_json = ?, message = ? WHERE id = ?').run(json, message, Number(jobId));
  };

  /** The id of the newest attempt of any job: whatever is sent from now on has a larger one. */
  const lastAttemptId = (): number => (db.prepare('SELECT coalesce(max(id), 0) AS id FROM attempts').get() as { id: number }).id;

  return {
    read,

    /** Records a pause and its one-line message in one statement, before the in-flight calls settle. */
    hold(jobId: string, record: SafetyRecord, pause: SafetyPause, message: string): SafetyRecord {
      const next = { ...record, pause };
      write(jobId, next, message);
      return next;
    },

    /** The canary passed: the job goes on at full speed, and a restart does not send a canary again. */
    passCanary(jobId: string, record: SafetyRecord): SafetyRecord {
      const next = { ...record, canaryPassed: true };
      write(jobId, next);
      return next;
    },

    /**
     * Someone chose to go on past a pause. Past the canary: the guard watches what follows, from a new
     * window (the canary's refusals are already known). Past the guard: it has said what it had to say
     * about this file, and stopping again at every window would only make them say it again; it is off
     * until the job is submitted again.
     */
    continueAnyway(jobId: string): SafetyRecord {
      return store.transaction(() => {
        const held = read(jobId);
        const next: SafetyRecord = {
          since: lastAttemptId(),
          canaryPassed: true,
          guardOff: held.guardOff || held.pause?.by === 'guard' || undefined,
        };
        write(jobId, next, null);
        return next;
      });
    },

    /** A new submission (a changed mapping, fixed leads): a new canary, a new window. */
    startOver(jobId: string): SafetyRecord {
      const next: SafetyRecord = { since: lastAttemptId(), canaryPassed: false };
      write(jobId, next);
      return next;
    },

    /**
     * The leads answered by attempts after `since`, each once (its latest state), oldest answer first or
     * newest first, up to `limit` of those that `counts` accepts. Reads attempts one at a time, so that
     * a window of 500 on a job of a million leads reads only its last few attempts.
     */
    answered(
      jobId: string,
      since: number,
      limit: number,
      order: 'oldest' | 'newest',
      counts: (lead: AnsweredLead) => boolean = () => true,
    ): AnsweredLead[] {
      const attempts = db
        .prepare(
          `SELECT lead_seqs FROM attempts WHERE job_id = ? AND id > ? AND ${ANSWERED_OUTCOME} ORDER BY id ${order === 'oldest' ? 'ASC' : 'DESC'}`,
        )
        .iterate(Number(jobId), since) as Iterable<{ lead_seqs: string }>;
      const leadOf = db.prepare('SELECT status, reason FROM leads WHERE id = ?');
      const seen = new Set<number>();
      const out: AnsweredLead[] = [];
      for (const attempt of attempts) {
        const seqs = JSON.parse(attempt.lead_seqs) as number[];
        if (order === 'newest') seqs.reverse();
        for (const seq of seqs) {
          if (seen.has(seq)) continue;
          seen.add(seq);
          const row = leadOf.get(base(jobId) + seq) as { status: LeadStatus; reason: string | null } | undefined;
          if (!row || !ANSWERED_STATUS.has(row.status)) continue;
          const lead = { seq, status: row.status, reason: row.reason ?? undefined };
          if (!counts(lead)) continue;
          out.push(lead);
          if (out.length >= limit) return out;
        }
      }
      return out;
    },

    /** The job's leads refused by the server, by reason group, most frequent first. */
    refusalsByReason(jobId: string): { reason: string; count: number }[] {
      const rows = db
        .prepare(
          "SELECT reason_group AS reason, count(*) AS n FROM leads WHERE id >= ? AND id < ? AND status = 'rejected' GROUP BY reason_group ORDER BY n DESC",
        )
        .all(base(jobId), base(jobId) + SPAN) as { reason: string | null; n: number }[];
      return rows.map((r) => ({ reason: r.reason ?? '(no reason given)', count: r.n }));
    },
  };
}

export type SafetyStore = ReturnType<typeof openSafetyStore>;

export { reasonGroupOf };
