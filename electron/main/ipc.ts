/**
 * IPC handlers, registered from the contract's table only. Each first checks that the message comes from
 * our own page (the top frame, at our URL: not an iframe, not a page navigated elsewhere), and only then
 * validates and dispatches to the core. Replies are values ({ok, value} | {ok, error}), never exceptions.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../shared/contract.ts';
import { callChannel, SAVE_EXPORT_CHANNEL } from '../../shared/transport.ts';
import { type CallResult, describeZod, dispatch } from '../core/dispatch.ts';
import type { Handlers } from '../core/handlers/types.ts';
import { isInsideExports, SAVE_EXPORT_REQUEST, type SaveExportRequest, safeFileName } from './export-save.ts';
import { isTrustedSender } from './security.ts';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

export const FOREIGN_SENDER = {
  ok: false,
  error: { code: 'forbidden', message: 'Refused: the request did not come from the app’s own page.' },
} as const satisfies CallResult;

export function senderAllowed(event: SenderEvent, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  return frame != null && frame.parent === null && isTrustedSender(frame.url, rendererUrl);
}

export function registerIpc(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  rendererUrl: string,
  onInternalError: (e: unknown) => void,
): void {
  for (const name of callNames) {
    ipc.handle(callChannel(name), (event, request: unknown) => {
      if (!senderAllowed(event, rendererUrl)) return FOREIGN_SENDER;
      return dispatch(handlers, name, request, onInternalError);
    });
  }
}

export interface SaveExportDeps {
  rendererUrl: string;
  exportsDir: string;
  /** Shows the save dialog; undefined when the user cancels. */
  chooseTarget(defaultName: string): Promise<string | undefined>;
  copy(from: string, to: string): Promise<void>;
}

export async function handleSaveExport(event: SenderEvent, request: unknown, deps: SaveExportDeps): Promise<CallResult> {
  if (!senderAllowed(event, deps.rendererUrl)) return FOREIGN_SENDER;
  const parsed = SAVE_EXPORT_REQUEST.safeParse(request);
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad-request', message: `Invalid saveExport request: ${describeZod(parsed.error)}` } };
  }
  const { path, fileName }: SaveExportRequest = parsed.data;
  if (!isInsideExports(path, deps.exportsDir)) {
    return { ok: false, error: { code: 'forbidden', message: 'Only reports the app exported can be saved from here.' } };
  }
  const target = await deps.chooseTarget(safeFileName(fileName));
  if (!target) return { ok: true, value: { saved: false } };
  try {
    await deps.copy(path, target);
  } catch (error) {
    return { ok: false, error: { code: 'save-failed', message: `Could not save ${target}: ${(error as Error).message}` } };
  }
  return { ok: true, value: { saved: true } };
}

export function registerSaveExport(ipc: Pick<IpcMain, 'handle'>, deps: SaveExportDeps): void {
  ipc.handle(SAVE_EXPORT_CHANNEL, (event, request: unknown) => handleSaveExport(event, request, deps));
}
