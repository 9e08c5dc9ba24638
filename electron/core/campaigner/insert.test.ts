import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../redact.ts';
import { callInsert, classifyNetworkError, classifyResponse, replyExcerpt } from './insert.ts';

const json = (code: number, message = '') => JSON.stringify({ code, message });

describe('what an insert answer means', () => {
  it.each([
    ['code 0', 200, json(0, 'Imported 1 Updated 0 Rejected 0 leads.'), 'answered'],
    ['a per-lead refusal (104)', 200, json(104, 'do not call'), 'answered'],
    ['an unknown code on HTTP 200', 200, json(999, 'odd'), 'answered'],
    ['exception 103 (HTTP 500)', 500, json(103, 'manual import running'), 'transient'],
    ['too many requests 109', 200, json(109), 'transient'],
    ['conflict 110', 200, json(110), 'transient'],
    ['HTTP 502 from a proxy', 502, '<html>Bad gateway</html>', 'transient'],
    ['HTTP 503', 503, 'Service Unavailable', 'transient'],
    ['HTTP 504', 504, '', 'transient'],
    ['a 200 that is not a Campaigner reply', 200, '<html>maintenance</html>', 'transient'],
    ['HTTP 401', 401, json(1, 'bad key'), 'refused'],
    ['HTTP 403 (IP not allowed)', 403, '<html>Forbidden</html>', 'refused'],
    ['a redirect to a login page', 302, '', 'refused'],
    ['HTTP 404 page (wrong address)', 404, '<html>Not found</html>', 'refused'],
    ['an error code on HTTP 400 (unknown id)', 400, json(107, 'unknown campaign'), 'refused'],
  ])('%s → %s', (_what, status, body, kind) => {
    expect(classifyResponse(status as number, body as string).kind).toBe(kind);
  });

  it('lowers concurrency on 109 and 5xx pages, and flags 103 as a possible manual import', () => {
    expect(classifyResponse(200, json(109))).toMatchObject({ overload: true, serverException: false });
    expect(classifyResponse(500, json(103))).toMatchObject({ overload: false, serverException: true, maybeDelivered: false });
    expect(classifyResponse(502, 'x')).toMatchObject({ overload: true, maybeDelivered: true });
  });

  it('treats a lost reply as maybe delivered and a refused connection as unreachable', () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(classifyNetworkError(reset, false)).toMatchObject({ kind: 'transient', maybeDelivered: true, unreachable: false });
    expect(classifyNetworkError(new Error('aborted'), true)).toMatchObject({
      kind: 'transient',
      maybeDelivered: true,
      overload: true,
    });
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyNetworkError(refused, false)).toMatchObject({ kind: 'transient', maybeDelivered: false, unreachable: true });
  });

  it('never puts the key in a refusal message', () => {
    const echoed = classifyResponse(400, json(107, 'bad request: http://pbx/x?fCampaignId=1&apiKey=abc123secret'));
    expect(echoed.kind).toBe('refused');
    expect(JSON.stringify(echoed)).not.toContain('abc123secret');
    registerSecret('registered-key-42');
    const bare = classifyResponse(400, json(107, 'key registered-key-42 is not valid'));
    expect(JSON.stringify(bare)).not.toContain('registered-key-42');
  });

  it('masks the key in every encoding a server may echo it in', () => {
    const key = 'k/+&= ey<"1';
    registerSecret(key);
    const forms = [
      key,
      encodeURIComponent(key),
      encodeURIComponent(key).toLowerCase(),
      new URLSearchParams({ a: key }).toString().slice(2),
      JSON.stringify(key).slice(1, -1),
      JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
      encodeURIComponent(encodeURIComponent(key)),
      'k/+&amp;= ey&lt;&quot;1',
    ];
    for (const form of forms) expect(redact(`echo: ${form}; apiKey=${form}`)).toBe('echo: ***; apiKey=***');
  });

  it('says what the server answered when it is not a Campaigner reply', () => {
    expect(classifyResponse(200, '<html><title>Down for maintenance</title><body>…</body></html>', 'text/html')).toMatchObject({
      kind: 'transient',
      why: 'the server answered with something that is not a Campaigner reply: "Down for maintenance"',
    });
    expect(classifyResponse(502, '{"code": "oops"')).toMatchObject({ why: 'HTTP 502: "{"code": "oops""' });
    expect(replyExcerpt('')).toBe('an empty reply');
    expect(replyExcerpt('a'.repeat(500))).toHaveLength(163);
  });

  it('reads a reply through a size cap: a larger one is a failure of that batch, with an excerpt', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Streamed without a declared length: the cap must hold while reading, not only by the header.
      res.write(`{"code":0,"message":"${'y'.repeat(1 << 20)}`);
      res.end(`${'y'.repeat(2 << 20)}"}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as import('node:net').AddressInfo;
    const target = {
      base: `http://127.0.0.1:${port}`,
      apiKey: 'cap-key-1',
      templateId: 1,
      campaignId: 1,
      allocationId: 1,
      allowDuplicates: false,
    };
    try {
      const outcome = await callInsert(target, 'insertLeads', [], 5000, undefined, 1 << 20);
      expect(outcome).toMatchObject({
        kind: 'transient',
        why: "the server's reply was larger than 1 MB, which no Campaigner answer is",
      });
      expect(outcome.kind === 'transient' && (outcome.excerpt?.length ?? 0) <= 2000).toBe(true);
      expect((await callInsert(target, 'insertLeads', [], 5000)).kind).toBe('answered');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
