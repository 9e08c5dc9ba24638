import { describe, expect, it } from 'vitest';
import { sendText } from './row-words.ts';

describe('what the grid says a row sends', () => {
  it('shows the lead as sent for a row that goes', () => {
    expect(sendText({ status: 'ready', payload: { Name: 'Ann', FirstPhone: '0412000001' } })).toEqual({
      text: 'Name: Ann · FirstPhone: 0412000001',
      sent: true,
    });
  });

  it('never shows a payload for an invalid or skipped row', () => {
    expect(sendText({ status: 'invalid', payload: { Name: 'Bo' } })).toEqual({
      text: 'Not sent: fix the problems first',
      sent: false,
    });
    expect(sendText({ status: 'skipped', payload: { Name: 'Bo' } })).toEqual({ text: 'Not sent: skipped', sent: false });
  });
});
