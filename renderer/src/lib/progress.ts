/**
 * Where the job in hand stands, step by step, for the step list: which steps are done (ticked) and which
 * cannot be reached yet, with the reason in words. Reachability only guides the step list; each step's own
 * primary button still moves on by itself.
 */
import { isFinishedJobState, isSubmittedJobState, type JobState } from '../../../shared/contract.ts';
import type { Step } from '../store.ts';

export interface ProgressInput {
  serverId?: string;
  /** The selected server's last connection test failed. */
  serverFailed: boolean;
  jobId?: string;
  /** A file is inspected (its sample shown): mapping and target are chosen on the sample, before it is read. */
  inspected?: boolean;
  readDone: boolean;
  hasCounts: boolean;
  /** The mapping in hand sends at least one field. */
  mapped?: boolean;
  /** The step on screen: a mapping chosen on the sample counts as done once the person has moved past Map. */
  step?: Step;
  templateId?: number;
  campaignId?: number;
  allocationId?: number;
  /** The job's state as the core last reported it (submitted jobs only). */
  jobState?: JobState;
  /** The person opened the results of the job's finished send in Review. */
  reviewed?: boolean;
}

export interface StepProgress {
  done: boolean;
  /** Why the step cannot be opened yet; undefined when it can. */
  blocked?: string;
}

export function stepProgress(p: ProgressInput): Record<Step, StepProgress> {
  const fileRead = p.jobId !== undefined && (p.readDone || p.hasCounts);
  const targetChosen = p.templateId !== undefined && p.campaignId !== undefined && p.allocationId !== undefined;
  const sent = fileRead && p.jobState !== undefined && isSubmittedJobState(p.jobState);
  const finished = sent && p.jobState !== undefined && isFinishedJobState(p.jobState);
  const needFile = fileRead || p.inspected ? undefined : 'Load a file first (step 2).';
  const needRead = fileRead
    ? undefined
    : p.inspected
      ? 'Confirm the target first (step 4): the file is read then.'
      : 'Load a file first (step 2).';
  const needSend = sent ? undefined : fileRead ? 'Send the leads from the Preview first (step 5).' : needRead;
  return {
    connection: { done: p.serverId !== undefined && !p.serverFailed },
    load: { done: fileRead || p.inspected === true },
    map: { done: (p.hasCounts && fileRead) || (p.mapped === true && p.step === 'target'), blocked: needFile },
    target: { done: targetChosen && fileRead, blocked: needFile },
    preview: { done: sent, blocked: needRead },
    submit: { done: finished, blocked: needSend },
    // Reviewed stays ticked while the fixed leads it resubmitted are sent: the review happened, and led to that.
    review: { done: sent && p.reviewed === true, blocked: needSend },
    history: { done: false },
  };
}
