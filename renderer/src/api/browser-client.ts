import {
  type Api,
  ApiError,
  type CallName,
  type CallReply,
  type CallRequest,
  callNames,
  type EventName,
  type EventPayload,
  eventNames,
} from '../../../shared/contract.ts';
import { callResult } from '../../../shared/transport.ts';

/** Files from this size on are copied to the machine in UPLOAD_PARTS parts sent at once (see electron/web/uploads.ts). */
const PARTS_FROM_BYTES = 8 << 20;
const UPLOAD_PARTS = 4;

const TOKEN_KEY = 'noojee-token';

/** The per-launch token: it arrives in the URL fragment, is kept for this tab only, and is removed from the address bar. */
export function readLaunchToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The server answers 401 to a missing or wrong token: the code the page's access check looks for. */
export const REFUSED_TOKEN = 'unauthorised';

function refusedToken(): ApiError {
  // A token kept from an earlier launch is of no further use; the next address brings its own.
  sessionStorage.removeItem(TOKEN_KEY);
  return new ApiError({ code: REFUSED_TOKEN, message: 'This page was opened without the access key of this launch.' });
}

/** The value of an answer in the contract's result envelope, or its error thrown as an ApiError. */
async function answerValue(response: Response): Promise<unknown> {
  const result = callResult.parse(await response.json());
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

/** `window.api` in browser mode: the same contract over fetch + server-sent events to the loopback server of electron/web. */
export function createBrowserClient(token: string): Api {
  const headers = { 'Content-Type': 'application/json', 'X-Noojee-Token': token };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  let opening = false;

  /**
   * The token never goes in a URL: the event stream and downloads, which cannot send a header, carry a
   * one-time ticket bought with it (electron/web/tickets.ts).
   */
  const ticket = async (purpose: 'events' | 'download'): Promise<string> => {
    const response = await fetch(`/api/ticket?for=${purpose}`, { method: 'POST', headers });
    return ((await answerValue(response)) as { ticket: string }).ticket;
  };

  const ensureEvents = () => {
    if (source || opening) return;
    opening = true;
    ticket('events')
      .then((t) => {
        const stream = new EventSource(`/api/events?ticket=${encodeURIComponent(t)}`);
        source = stream;
        for (const name of eventNames) {
          stream.addEventListener(name, (event) => {
            const payload = JSON.parse((event as MessageEvent<string>).data);
            for (const listener of listeners.get(name) ?? []) listener(payload);
          });
        }
        // The browser reconnects with the same (spent) ticket and then gives up: open a new stream instead.
        stream.addEventListener('error', () => {
          if (stream.readyState !== EventSource.CLOSED) stream.close();
          if (source === stream) source = undefined;
          setTimeout(ensureEvents, 1000);
        });
      })
      .catch(() => setTimeout(ensureEvents, 1000))
      .finally(() => {
        opening = false;
      });
  };

  const call = async <K extends CallName>(name: K, request: CallRequest<K>): Promise<CallReply<K>> => {
    const response = await fetch(`/api/call/${name}`, { method: 'POST', headers, body: JSON.stringify(request ?? {}) });
    if (response.status === 401) throw refusedToken();
    return (await answerValue(response)) as CallReply<K>;
  };

  const api = {
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) {
      ensureEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    async fileToPath(file: File) {
      // The file's own modification time travels with it, so the copy can carry it and "uploaded before" can match.
      const query = `name=${encodeURIComponent(file.name)}&lastModified=${file.lastModified}`;
      const send = async (body: Blob, part = '') => {
        const response = await fetch(`/api/upload?${query}${part}`, {
          method: 'POST',
          headers: { 'X-Noojee-Token': token, 'Content-Type': 'application/octet-stream' },
          body,
        });
        if (response.status === 401) throw refusedToken();
        return (await answerValue(response)) as { path: string; complete: boolean };
      };
      if (file.size < PARTS_FROM_BYTES) return (await send(file)).path;
      // A large file goes in parts at once: one request body crosses loopback at about half the speed of four.
      const upload = crypto.randomUUID();
      const partSize = Math.ceil(file.size / UPLOAD_PARTS);
      const parts = await Promise.all(
        Array.from({ length: UPLOAD_PARTS }, (_, i) =>
          send(file.slice(i * partSize, (i + 1) * partSize), `&upload=${upload}&offset=${i * partSize}&size=${file.size}`),
        ),
      );
      const last = parts.find((part) => part.complete);
      if (!last) throw new ApiError({ code: 'bad-upload', message: `${file.name} did not arrive whole; choose it again.` });
      return last.path;
    },
    async saveExport(path: string, fileName: string) {
      const file = path.split(/[\\/]/).pop() ?? fileName;
      const link = document.createElement('a');
      link.href = `/api/download?file=${encodeURIComponent(file)}&ticket=${encodeURIComponent(await ticket('download'))}`;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
    },
  } as Partial<Api>;
  for (const name of callNames) {
    (api as Record<string, unknown>)[name] = (request: never) => call(name, request);
  }
  return api as Api;
}
