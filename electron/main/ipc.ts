/**
 * IPC handlers, registered from the contract's table only. Each first checks that the message comes from
 * our own page (not an iframe, not a navigated-away frame), then validates and dispatches to the core.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../shared/contract.ts';
import { dispatch } from '../core/dispatch.ts';
import type { Handlers } from '../core/handlers/types.ts';
import { callChannel } from '../preload/surface.ts';
import { isTrustedSender } from './security.ts';

export const FOREIGN_SENDER = {
  ok: false,
  error: { code: 'forbidden', message: 'Refused: the request did not come from the app’s own page.' },
} as const;

export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedSender(frame.url, rendererUrl);
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
