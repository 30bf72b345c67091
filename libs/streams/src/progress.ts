/** Somewhere to write progress to: a terminal redraws one line, anything else gets a line per tenth. */
export interface ProgressOutput {
  write: (text: string) => unknown;
  readonly isTTY?: boolean;
}

/** A progress bar: `label [########------------]  40%  4,000/10,000`. */
export function progressBar(label: string, out: ProgressOutput, width = 30) {
  let lastTenth = -1;
  const render = (done: number, total: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}  ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
  };
  return {
    update(done: number, total: number): void {
      if (out.isTTY === true) {
        out.write(`\r${render(done, total)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.write(`${render(done, total)}\n`);
      }
    },
    finish(done: number): void {
      // Aborted records and transaction markers count in the total but are never read.
      out.write(`${out.isTTY === true ? '\r' : ''}${render(done, done)}\n`);
    },
  };
}
