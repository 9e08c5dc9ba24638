/**
 * The server's insert slots: at most `concurrency` calls at once, the rest in a first-in first-out queue that
 * gives up after `queueTimeoutMs` (the server's code 109).
 */
export type SlotGrant = 'granted' | 'timeout' | 'dropped';

export interface InsertSlots {
  acquire(): Promise<SlotGrant>;
  release(): void;
  /** A server that goes away forgets the calls it had not finished: nothing of theirs is stored. */
  dropQueue(): void;
  /** The most calls that held a slot at once since the start or the last `resetPeak`. */
  peak(): number;
  resetPeak(): void;
}

export function createInsertSlots(concurrency: number, queueTimeoutMs: number): InsertSlots {
  let running = 0;
  let peak = 0;
  const queue: { grant: () => void; drop: () => void; timer: NodeJS.Timeout }[] = [];
  const take = () => {
    running++;
    peak = Math.max(peak, running);
  };
  return {
    acquire: () =>
      new Promise((resolve) => {
        if (running < concurrency) {
          take();
          resolve('granted');
          return;
        }
        const entry = {
          grant: () => {
            clearTimeout(entry.timer);
            take();
            resolve('granted');
          },
          drop: () => {
            clearTimeout(entry.timer);
            resolve('dropped');
          },
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(entry), 1);
            resolve('timeout');
          }, queueTimeoutMs),
        };
        queue.push(entry);
      }),
    release() {
      running--;
      queue.shift()?.grant();
    },
    dropQueue() {
      for (const entry of queue.splice(0)) entry.drop();
    },
    peak: () => peak,
    resetPeak() {
      peak = running;
    },
  };
}
