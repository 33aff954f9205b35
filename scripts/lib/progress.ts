/**
 * A progress display with one bar per restore job. On a TTY the bars are redrawn in place (ANSI cursor
 * movement); otherwise (CI logs, pipes, tests) it prints plain lines: one whenever a job changes status,
 * and the progress of jobs still running at a fixed interval.
 */

export interface Output {
  readonly isTTY?: boolean;
  /** Terminal width (TTY). */
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Redraw in place. @default out.isTTY */
  readonly tty?: boolean;
  /** Real ms between plain progress lines (non-TTY). @default 2000 */
  readonly lineIntervalMs?: number;
  /** Real ms between redraws (TTY). @default 100 */
  readonly redrawIntervalMs?: number;
  /** Bar width in characters. @default 28 */
  readonly width?: number;
}

interface Row {
  readonly label: string;
  status: string;
  percent?: number;
  note?: string;
  printedStatus?: string;
  printedPercent?: number;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'ABORTED', 'SUCCESS', 'DONE']);

export class ProgressDisplay {
  private readonly rows: Row[] = [];
  private readonly tty: boolean;
  private readonly width: number;
  private timer?: NodeJS.Timeout;
  private drawnLines = 0;
  private dirty = false;

  constructor(private readonly out: Output, private readonly options: ProgressOptions = {}) {
    this.tty = options.tty ?? out.isTTY === true;
    this.width = options.width ?? 28;
  }

  /** Add a row (or reset an existing one) and start drawing. */
  public track(label: string, status = 'WAITING', note?: string): void {
    const existing = this.rows.find(r => r.label === label);
    if (existing) {
      Object.assign(existing, { status, percent: undefined, note, printedStatus: undefined, printedPercent: undefined });
    } else {
      this.rows.push({ label, status, note });
    }
    this.changed();
    if (!this.timer) {
      const interval = this.tty ? this.options.redrawIntervalMs ?? 100 : this.options.lineIntervalMs ?? 2000;
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
    }
  }

  public update(label: string, status: string, percent?: number, note?: string): void {
    const row = this.rows.find(r => r.label === label);
    if (!row) return;
    const statusChanged = row.status !== status;
    row.status = status;
    if (percent !== undefined) row.percent = percent;
    if (note !== undefined) row.note = note;
    this.dirty = true;
    if (!this.tty && statusChanged) this.printLine(row);
  }

  /** Print a line above the bars (TTY) or in sequence (plain). */
  public log(line: string): void {
    if (this.tty) {
      this.erase();
      this.out.write(`${line}\n`);
      this.draw();
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Draw the final state and stop (the rows are forgotten). */
  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) {
      this.erase();
      this.draw();
    } else {
      for (const row of this.rows) if (row.printedStatus !== row.status || row.printedPercent !== row.percent) this.printLine(row);
    }
    this.rows.length = 0;
    this.drawnLines = 0;
  }

  private changed(): void {
    this.dirty = true;
    if (this.tty) this.tick();
  }

  private tick(): void {
    if (this.tty) {
      if (!this.dirty) return;
      this.erase();
      this.draw();
    } else {
      for (const row of this.rows) {
        if (TERMINAL.has(row.status)) continue;
        if (row.printedPercent !== row.percent || row.printedStatus !== row.status) this.printLine(row);
      }
    }
    this.dirty = false;
  }

  private erase(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}F\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    // A wrapped line would break the cursor arithmetic: cut each row to the terminal's width.
    const columns = Math.max(20, (this.out.columns ?? 120) - 1);
    for (const row of this.rows) this.out.write(`\x1b[2K${this.render(row).slice(0, columns)}\n`);
    this.drawnLines = this.rows.length;
  }

  private printLine(row: Row): void {
    row.printedStatus = row.status;
    row.printedPercent = row.percent;
    this.out.write(`  ${this.render(row)}\n`);
  }

  private render(row: Row): string {
    const labelWidth = Math.max(...this.rows.map(r => r.label.length));
    const percent = row.percent ?? 0;
    const filled = Math.round((percent / 100) * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
    const pct = row.percent === undefined ? '   ' : `${String(Math.floor(percent)).padStart(3)}%`;
    return `${row.label.padEnd(labelWidth)}  ${bar} ${pct.padEnd(4)}  ${row.status.padEnd(9)}${row.note ? `  ${row.note}` : ''}`;
  }
}
