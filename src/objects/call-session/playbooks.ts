// The products this worker runs and the playbooks each brings: registered here in the shell so the engine
// itself imports no product (docs/architecture.md, "The dependency rule"). A new product adds its entry;
// the routing table (PUT /api/phone-numbers/:e164) may only name a product and playbook listed here.
import { PlaybookRegistry } from "../../engine/playbook-registry";
import type { Playbook } from "../../engine/playbook";
import { folioPlaybooks } from "../../products/folio";

export const PRODUCTS: Readonly<Record<string, readonly Playbook<any>[]>> = {
  folio: folioPlaybooks,
};

export const playbooks = new PlaybookRegistry(Object.values(PRODUCTS).flat());

export function playbookNamed(name: string): Playbook<any> | null {
  return playbooks.named(name);
}

/** The playbook names a product brings (empty for a product this worker does not run). */
export function playbooksOf(product: string): string[] {
  return Object.hasOwn(PRODUCTS, product) ? PRODUCTS[product]!.map((p) => p.name) : [];
}
