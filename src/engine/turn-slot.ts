// The one agent turn a call leg is speaking. A new turn supersedes the one before it, the caller's
// signal aborts it, and `onAbort` runs the moment it is aborted: barge-in latency is that handler,
// not the end of a TTS chunk. Shared by the audio and the text leg so both cut turns the same way.
export class TurnSlot {
  private current: AbortController | null = null;

  get active(): boolean {
    return this.current !== null;
  }

  abort(reason: string): void {
    this.current?.abort(new Error(reason));
  }

  async run(outer: AbortSignal | undefined, onAbort: () => void, body: (signal: AbortSignal) => Promise<void>): Promise<{ interrupted: boolean; error?: unknown }> {
    const ctl = new AbortController();
    this.abort("superseded");
    this.current = ctl;
    const onOuter = () => ctl.abort(outer?.reason);
    outer?.addEventListener("abort", onOuter, { once: true });
    if (outer?.aborted) ctl.abort(outer.reason);
    ctl.signal.addEventListener("abort", onAbort, { once: true });
    let error: unknown;
    try {
      await body(ctl.signal);
    } catch (err) {
      if (!ctl.signal.aborted) error = err;
    } finally {
      outer?.removeEventListener("abort", onOuter);
      if (this.current === ctl) this.current = null;
    }
    return { interrupted: ctl.signal.aborted, ...(error !== undefined ? { error } : {}) };
  }
}
