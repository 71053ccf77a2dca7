// The products this worker runs and the playbooks each brings: registered here in the shell so the engine
// itself imports no product (docs/architecture.md, "The dependency rule"). A new product adds its entry
// (or a worker that bundles one more calls registerProduct at load, as the test product's entry does);
// the routing table (PUT /api/phone-numbers/:e164) may only name a product and playbook listed here.
import { PlaybookRegistry } from "../../engine/playbook-registry";
import type { Playbook } from "../../engine/playbook";
import { folioPlaybooks } from "../../products/folio";

const products = new Map<string, readonly Playbook<any>[]>();
export const playbooks = new PlaybookRegistry();

/** Adds a product and its playbooks (at module load, before any request). */
export function registerProduct(product: string, productPlaybooks: readonly Playbook<any>[]): void {
  for (const playbook of productPlaybooks) playbooks.register(playbook);
  products.set(product, [...(products.get(product) ?? []), ...productPlaybooks.filter((p) => !products.get(product)?.includes(p))]);
}

registerProduct("folio", folioPlaybooks);

export function playbookNamed(name: string): Playbook<any> | null {
  return playbooks.named(name);
}

/** The products this worker runs. */
export function productNames(): string[] {
  return [...products.keys()];
}

/** The playbook names a product brings (empty for a product this worker does not run). */
export function playbooksOf(product: string): string[] {
  return (products.get(product) ?? []).map((p) => p.name);
}
