// Search as you type: waits a little after the last key, asks Rust, and drops answers that arrive
// after a newer question (a slow answer must never replace the results of what is typed now).

export interface LiveSearchOptions<R> {
  /** Asks for the results of a text (the `search` command). */
  fetch: (text: string) => Promise<R[]>;
  /** Receives the results of the text typed last. */
  onResults: (text: string, results: R[]) => void;
  /** Receives the error of the text typed last. */
  onError: (text: string, error: unknown) => void;
  /** Milliseconds to wait after the last key before asking. */
  delayMs?: number;
}

export class LiveSearch<R> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest = 0;
  private readonly delayMs: number;

  constructor(private readonly options: LiveSearchOptions<R>) {
    this.delayMs = options.delayMs ?? 80;
  }

  /** Called on every change of the search box. An empty text clears the results at once. */
  input(text: string): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const ticket = ++this.latest;
    const trimmed = text.trim();
    if (trimmed === "") {
      this.options.onResults(trimmed, []);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run(ticket, trimmed);
    }, this.delayMs);
  }

  /** Stops a pending question (the page is left). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.latest++;
  }

  private async run(ticket: number, text: string): Promise<void> {
    try {
      const results = await this.options.fetch(text);
      if (ticket === this.latest) this.options.onResults(text, results);
    } catch (error) {
      if (ticket === this.latest) this.options.onError(text, error);
    }
  }
}
