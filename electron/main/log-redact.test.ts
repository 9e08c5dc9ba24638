import { describe, expect, it } from 'vitest';
import { registerSecret } from '../core/redact.ts';
import { redactLogData } from './log-redact.ts';

describe('log redaction', () => {
  it('masks keys in strings, errors and objects alike', () => {
    registerSecret('log-secret-456');
    const [text, error, object, number] = redactLogData([
      'GET https://pbx/x?apiKey=abc&b=1',
      new Error('refused log-secret-456'),
      { request: { url: 'https://pbx/y?apiKey=zzz' }, key: 'log-secret-456' },
      7,
    ]);
    expect(text).toBe('GET https://pbx/x?apiKey=***&b=1');
    expect(error).toMatch(/^Error: refused \*\*\*/);
    expect(object).not.toMatch(/zzz|log-secret-456/);
    expect(object).toContain('apiKey=***');
    expect(number).toBe(7);
  });
});
