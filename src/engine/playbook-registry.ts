// Playbooks by name: CallSession.prepare names one, the session runs it. The engine knows no product, so
// the registry starts empty; the shell (src/objects/call-session/playbooks.ts) fills it with the
// playbooks of the products this worker runs (docs/architecture.md, "Products").
import type { Playbook } from "./playbook";

export class PlaybookRegistry {
  private readonly byName = new Map<string, Playbook<any>>();

  constructor(playbooks: readonly Playbook<any>[] = []) {
    for (const playbook of playbooks) this.register(playbook);
  }

  /** Two playbooks under one name would make a stored call run the wrong script after a deploy. */
  register(playbook: Playbook<any>): void {
    const known = this.byName.get(playbook.name);
    if (known && known !== playbook) throw new Error(`two playbooks are named ${playbook.name}`);
    this.byName.set(playbook.name, playbook);
  }

  named(name: string): Playbook<any> | null {
    return this.byName.get(name) ?? null;
  }
}
