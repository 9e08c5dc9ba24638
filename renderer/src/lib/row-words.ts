/**
 * What the grid's last column says of a row: the lead as it will be sent, or why it will not be sent.
 * An invalid or skipped row is never shown with a payload, so that nothing reads as "will be sent" that won't.
 */
import type { RowView } from '../../../shared/contract.ts';

export function sendText(row: Pick<RowView, 'status' | 'payload'>): { text: string; sent: boolean } {
  if (row.status === 'invalid') return { text: 'Not sent: fix the problems first', sent: false };
  if (row.status === 'skipped') return { text: 'Not sent: skipped', sent: false };
  const text = Object.entries(row.payload)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  return { text, sent: true };
}
