/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never into a
 * pipe or a log file) and at most ten times a second.
 */
export interface Progress {
  update(text: string, fraction?: number): void;
  done(): void;
}

const WIDTH = 30;

export function stderrProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(text, fraction) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH)).padEnd(WIDTH, '.')}] `;
      stream.write(`\r\x1b[2K${label} ${bar}${text}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
