/**
 * What a run keeps of a reply, and what it says when it gives up.
 */

/** Most of a reply kept on its attempt: enough to read what the server said, never megabytes. */
export const STORED_REPLY_CHARS = 16_384;

export function boundedReply(reply: string): string {
  if (reply.length <= STORED_REPLY_CHARS) return reply;
  return `${reply.slice(0, STORED_REPLY_CHARS)}… (${reply.length - STORED_REPLY_CHARS} more characters not kept)`;
}

export function giveUpMessage(afterMs: number, lastFailure: string | undefined): string {
  const minutes = afterMs / 60_000;
  const span =
    minutes >= 1
      ? `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}`
      : `${Math.max(1, Math.round(afterMs / 1000))} s`;
  const answer = lastFailure ? `the server's last answer: ${lastFailure}` : 'no answer from the server';
  return `Stopped: no batch accepted for ${span}; ${answer}. Resume the job to continue.`;
}
