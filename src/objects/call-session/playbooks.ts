// The playbooks this worker's CallSessions can run: every product's, registered here in the shell so the
// engine itself imports no product (docs/architecture.md, "The dependency rule"). A new product adds its
// playbooks to the list.
import { PlaybookRegistry } from "../../engine/playbook-registry";
import type { Playbook } from "../../engine/playbook";
import { folioPlaybooks } from "../../products/folio";

export const playbooks = new PlaybookRegistry([...folioPlaybooks]);

export function playbookNamed(name: string): Playbook<any> | null {
  return playbooks.named(name);
}
