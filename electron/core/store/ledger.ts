/**
 * The `ledger` table: what this app has delivered to a campaign (hashes of normalised phones and external
 * ids), so validation can warn "probably a duplicate on the server: sent by this app on <date>".
 */
import { now, type StoreDatabase } from './database.ts';

export function createLedger({ sql }: StoreDatabase) {
  return {
    /** Everything this app sent to a campaign: hash → when. */
    ledger(server: string, campaign: number): Map<string, string> {
      const rows = sql('SELECT hash, sent_at FROM ledger WHERE server = ? AND campaign = ?').all(server, campaign) as {
        hash: string;
        sent_at: string;
      }[];
      return new Map(rows.map((r) => [r.hash, r.sent_at]));
    },

    ledgerAdd(server: string, campaign: number, hashes: readonly string[]): void {
      sql('INSERT OR IGNORE INTO ledger (server, campaign, hash, sent_at) SELECT ?, ?, value, ? FROM json_each(?)').run(
        server,
        campaign,
        now(),
        JSON.stringify(hashes),
      );
    },
  };
}
