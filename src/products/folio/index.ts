// The folio product (docs/architecture.md, "The parts"): calls hotels for guest folios. What the shell
// needs to run it: the playbooks a CallSession may be prepared with. Records, the hotel line and email stay
// behind their own shells (src/objects, src/email).
import type { Playbook } from "../../engine/playbook";
import { folioPlaybook } from "./playbook";
import { scriptedPlaybook } from "./scripted-playbook";

export { folioPlaybook } from "./playbook";
export { scriptedPlaybook } from "./scripted-playbook";

export const folioPlaybooks: readonly Playbook<any>[] = [scriptedPlaybook, folioPlaybook];
