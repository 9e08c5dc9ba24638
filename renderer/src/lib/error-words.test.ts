import { describe, expect, it } from 'vitest';
import { errorWords } from './error-words.ts';

describe('error words', () => {
  it.each([
    [
      'Could not reach https://pbx.example.com/servicemanager/rest/CampaignAPI/getCampaignTemplateList?x=1: connection refused',
      'Could not reach the server: connection refused.',
    ],
    [
      "The server refused getCampaignList (HTTP 401, not a Campaigner reply). Check the API key and that this computer's IP address is allowed.",
      "The server refused the request. Check the API key and that this computer's IP address is allowed.",
    ],
    [
      'The server refused getAllocationList: Campaign not found (HTTP 200).',
      'The server refused the request: Campaign not found.',
    ],
    [
      'The server answered getCampaignList with a redirect (HTTP 302); not followed, so the key stays here.',
      'The server answered with a redirect to another address; not followed, so the key stays here.',
    ],
    ['insertLeads failed at https://pbx.example.com/rest/x (HTTP 500)', 'failed at the server'],
  ])('%s', (message, headline) => {
    const words = errorWords(message);
    expect(words.headline).toBe(headline);
    expect(words.headline).not.toMatch(/https?:|rest\/|get[A-Z]\w+List|insertLead|HTTP \d/);
    expect(words.details).toBe(message);
  });

  it('leaves a plain message alone, with no details', () => {
    expect(errorWords('april.csv: the file is empty')).toEqual({ headline: 'april.csv: the file is empty' });
  });
});
