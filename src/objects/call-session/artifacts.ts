// What a call leaves behind, loaded from storage on first use (after an eviction they come back from
// here): the transcript, written through to SQLite node by node, and the recording's two tracks.

import { Transcript } from "../../engine/transcript";
import { Recorder } from "./recorder";
import type { CallStore } from "./store";

export class CallArtifacts {
  private t: Transcript | null = null;
  private r: Recorder | null = null;

  constructor(
    private readonly store: CallStore,
    private readonly callId: () => string,
  ) {}

  get transcript(): Transcript {
    if (!this.t) {
      this.t = new Transcript(this.callId(), this.store.nodes());
      this.t.onNode((node) => this.store.putNode(node));
    }
    return this.t;
  }

  get recorder(): Recorder {
    if (!this.r) {
      this.r = new Recorder(this.store);
      this.r.restore();
    }
    return this.r;
  }

  /** Persists the recording so far, if it was loaded. */
  flush(): void {
    this.r?.flush();
  }
}
