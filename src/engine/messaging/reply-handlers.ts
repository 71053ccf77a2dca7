// The products that take replies (docs/architecture.md, "Messaging"). A thread names a reply's product
// by name; the shell registers each product's handler (src/objects/reply-handlers.ts), as it does with
// call owners. A handler is called at least once per reply and must ignore a message id it has seen.
import type { Reply } from "./ports";

export type ReplyHandler = (env: Env, reply: Reply) => Promise<void>;

export class ReplyHandlers {
  private readonly byProduct = new Map<string, ReplyHandler>();

  register(product: string, handler: ReplyHandler): () => void {
    const known = this.byProduct.get(product);
    if (known && known !== handler) throw new Error(`two reply handlers for ${product}`);
    this.byProduct.set(product, handler);
    return () => {
      if (this.byProduct.get(product) === handler) this.byProduct.delete(product);
    };
  }

  get(product: string): ReplyHandler | null {
    return this.byProduct.get(product) ?? null;
  }
}
