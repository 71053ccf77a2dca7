// Playbooks by name: CallSession.prepare names one, the session runs it.
import type { Playbook } from "../playbook";
import { folioPlaybook } from "./folio";
import { scriptedPlaybook } from "./scripted";

const registry = new Map<string, Playbook<any>>([
  [scriptedPlaybook.name, scriptedPlaybook],
  [folioPlaybook.name, folioPlaybook],
]);

export function registerPlaybook(playbook: Playbook<any>): void {
  registry.set(playbook.name, playbook);
}

export function playbookNamed(name: string): Playbook<any> | null {
  return registry.get(name) ?? null;
}
