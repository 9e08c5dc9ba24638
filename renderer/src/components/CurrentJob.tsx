/**
 * The header's line about what is in hand: the file (job), the server and the template, all read from the
 * store, so the header, the steps and the pickers cannot disagree.
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
  // The template by its name, as the step list and the pickers show it (its id until the name is known).
  const template = useTargetNames({ serverId, templateId }).template;
  if (!current && !server) return null;
  return (
    <span className="muted current-job">
      {current && (
        <span data-testid="current-file">
          {current.name}
          {rows !== undefined ? ` · ${count(rows)} row${rows === 1 ? '' : 's'}` : ''}
        </span>
      )}
      {server && (
        <span data-testid="current-server">
          {current ? ' → ' : ''}
          {server.name}
          {templateId !== undefined ? `, template ${template ?? templateId}` : ''}
        </span>
      )}
    </span>
  );
}
