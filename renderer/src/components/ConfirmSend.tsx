/**
 * The last look before leads leave this computer: how many go, to which server, template, campaign and
 * allocation (names from the server's lists, fetched again now, and ids), whether duplicates are allowed,
 * and how many invalid rows stay behind. The send button has focus, so Enter confirms; Escape goes back.
 * Every way of sending asks it: Submit in Preview, Resubmit fixed leads and Send the rest in Review, and
 * Continue anyway after a pause (`leads` then says how many these are, and `intro` which ones).
 */
import { useEffect, useRef, useState } from 'react';
import type { Counts, IdName, Target } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { count } from '../lib/format.ts';
import { useApp } from '../store.ts';
import { ErrorLine } from './ErrorLine.tsx';

interface Names {
  template?: IdName;
  campaign?: IdName;
  allocation?: IdName;
}

const named = (item: IdName | undefined, id: number, noun: string) =>
  item ? `${item.name} (${item.id})` : `${noun} ${id}, which the server no longer lists`;

export function ConfirmSend(props: {
  target: Target;
  counts: Counts;
  /** The setting this send uses: the Target step's for a first send, the upload's own for a resubmit. */
  allowDuplicates: boolean;
  /** How many leads this send is, when it is not every ready lead of the job (resubmitting, continuing). */
  leads?: number;
  /** Which leads these are, in a sentence under the title. */
  intro?: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { target, counts, allowDuplicates } = props;
  const { serverId, templateId, campaignId, allocationId } = target;
  const server = useApp((s) => s.servers.find((x) => x.id === target.serverId));
  const dialog = useRef<HTMLDialogElement>(null);
  const send = useRef<HTMLButtonElement>(null);
  const [names, setNames] = useState<Names>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    dialog.current?.showModal();
    // Not "Go back": until the target is confirmed nothing has focus, then the send button has it.
    dialog.current?.focus();
  }, []);

  // The ids, not the target object: a caller's new object with the same ids must not fetch the lists again.
  useEffect(() => {
    let live = true;
    Promise.all([
      api.listTemplates({ serverId }),
      api.listCampaigns({ serverId, templateId }),
      api.listAllocations({ serverId, campaignId }),
    ]).then(
      ([templates, campaigns, allocations]) =>
        live &&
        setNames({
          template: templates.find((t) => t.id === templateId),
          campaign: campaigns.find((c) => c.id === campaignId),
          allocation: allocations.find((a) => a.id === allocationId),
        }),
      (error: Error) => live && setProblem(`The server's lists could not be read to confirm the target: ${error.message}`),
    );
    return () => {
      live = false;
    };
  }, [serverId, templateId, campaignId, allocationId]);

  const gone = names && (!names.template || !names.campaign || !names.allocation);
  const ready = names !== undefined && !gone;
  useEffect(() => {
    if (ready) send.current?.focus();
  }, [ready]);
  const n = props.leads ?? counts.ready;
  const leads = `${count(n)} lead${n === 1 ? '' : 's'}`;
  return (
    <dialog
      ref={dialog}
      className="confirm-send"
      aria-labelledby="confirm-send-title"
      tabIndex={-1}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-send-title">Send {leads}?</h2>
      {props.intro && <p>{props.intro}</p>}
      {!names && !problem && <p className="muted">Checking the target on the server…</p>}
      {names && (
        <dl className="confirm-list">
          <dt>Server</dt>
          <dd>{server ? `${server.name} (${server.url})` : target.serverId}</dd>
          <dt>Template</dt>
          <dd>{named(names.template, target.templateId, 'template')}</dd>
          <dt>Campaign</dt>
          <dd>{named(names.campaign, target.campaignId, 'campaign')}</dd>
          <dt>Allocation</dt>
          <dd>{named(names.allocation, target.allocationId, 'allocation')}</dd>
          <dt>Duplicate phone numbers</dt>
          <dd>{allowDuplicates ? 'allowed: a number already in the campaign is loaded again' : 'refused by the server'}</dd>
          <dt>Not sent</dt>
          <dd>
            {counts.invalid === 0
              ? 'no invalid rows'
              : `${count(counts.invalid)} invalid row${counts.invalid === 1 ? '' : 's'} (fix them in Preview or Review)`}
          </dd>
        </dl>
      )}
      {problem && <ErrorLine message={problem} />}
      {gone && (
        <p role="alert" className="error">
          Part of the target is no longer on the server: go back and choose it again on the Target step.
        </p>
      )}
      <div className="footer-actions">
        <button type="button" className="secondary" onClick={props.onCancel}>
          Go back
        </button>
        {ready && (
          <button ref={send} type="button" data-primary="true" onClick={props.onConfirm}>
            Send {leads}
          </button>
        )}
      </div>
    </dialog>
  );
}
