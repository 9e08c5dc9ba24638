/**
 * The header's line about what is in hand: the file (job) and where its leads go (server, template,
 * campaign, allocation), all read from the store, so the header, the steps and the pickers cannot disagree.
 * It wraps onto a second line rather than being cut short: at 1024 px the whole of it stays readable.
 */
import { count } from '../lib/format.ts';
import { useTargetNames } from '../lib/target-names.ts';
import { useApp } from '../store.ts';

export function CurrentJob() {
  const current = useApp((s) => s.current);
  // Rows as checked, or as read when the mapping has not been applied yet.
  const rows = useApp((s) => s.counts?.total ?? (s.read?.done && !s.read.error ? s.read.rowsRead : undefined));
  const server = useApp((s) => s.servers.find((x) => x.id === s.serverId));
  const serverId = useApp((s) => s.serverId);
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const allocationId = useApp((s) => s.allocationId);
  // Names as the step list and the pickers show them (the id until the name is known).
  const names = useTargetNames({ serverId, templateId, campaignId, allocationId });
  if (!current && !server) return null;
  const target = [
    templateId !== undefined && `template ${names.template ?? templateId}`,
    campaignId !== undefined && `campaign ${names.campaign ?? campaignId}`,
    allocationId !== undefined && `allocation ${names.allocation ?? allocationId}`,
  ].filter((part): part is string => Boolean(part));
  // Each part keeps the separator after it, so a line never starts with "·" or "→": lines break between parts.
  return (
    <p className="muted current-job" data-testid="current-job">
      {current && (
        <span className="part">
          <span data-testid="current-file">
            {current.name}
            {rows !== undefined ? ` · ${count(rows)} row${rows === 1 ? '' : 's'}` : ''}
          </span>
          {server ? ' →' : ''}
        </span>
      )}
      {current && server && ' '}
      {server && (
        <span className="part">
          <span data-testid="current-server">{server.name}</span>
          {target.length > 0 ? ' ·' : ''}
        </span>
      )}
      {server && target.length > 0 && (
        <>
          {' '}
          <span data-testid="current-target">
            {target.map((part, i) => (
              <span key={part}>
                {i > 0 && ' '}
                <span className="part">
                  {part}
                  {i < target.length - 1 ? ' ·' : ''}
                </span>
              </span>
            ))}
          </span>
        </>
      )}
    </p>
  );
}
