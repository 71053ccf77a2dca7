// Who gets a call's CallReport when it is over: the object that placed it (a hotel's line, a product's
// campaign line). The call names its owner by type and id, which the session stores, so the report
// reaches the owner even after an eviction or a deploy. The engine knows no owner type: the shell fills
// the registry with the types it runs (src/objects/call-owners.ts), as it does with playbooks.
import type { CallReport } from "./call-report";

/** An owner as a call stores it: a type the registry knows and the owner's id within it. */
export interface CallOwnerRef {
  type: string;
  id: string;
}

/** Delivery is at least once: an owner must ignore a report of a call it has already closed. */
export interface CallOwner {
  callFinished(report: CallReport): Promise<void>;
}

export type CallOwnerFactory = (env: Env) => (id: string) => CallOwner;

export class CallOwners {
  private readonly byType = new Map<string, CallOwnerFactory>();

  /** Two factories under one type would send a stored call's report to the wrong kind of object. */
  register(type: string, factory: CallOwnerFactory): void {
    const known = this.byType.get(type);
    if (known && known !== factory) throw new Error(`two call owners are typed ${type}`);
    this.byType.set(type, factory);
  }

  /** The owner a ref names, or null for a type this worker does not run. */
  resolve(env: Env, ref: CallOwnerRef): CallOwner | null {
    const factory = this.byType.get(ref.type);
    return factory ? factory(env)(ref.id) : null;
  }
}
