// The call transcript as a TOON: a Tree of Observed Nodes (docs/architecture.md, "Calls"; the architecture document's
// "TOON Structure"). Each node is one thing observed on the call: what the agent said (as far as the hotel
// heard it), what the hotel said, keys pressed either way, call events. A node's parent is the node it
// followed, so the tree is a path today and can branch later (an IVR retry, a transfer) without a new shape.
//
// Agent nodes hold what was HEARD: on barge-in the text is cut at the last acknowledged mark and the node
// says so (`truncated`, `full_text`, `heard_ms`). Listeners see every node as it is added or changed: the
// hook for the live dashboard transcript.

import type { ChatMessage } from "../providers/voice";

export type ToonNodeType = "system_utterance" | "hotel_response" | "dtmf_sent" | "dtmf_received" | "call_event" | "tool_call" | "tool_result";

export interface ToonNode {
  node_id: number;
  type: ToonNodeType;
  content: string;
  timestamp: string;
  parent_node?: number;
  /** Agent speech cut short by the hotel talking over it. */
  truncated?: boolean;
  /** What the agent meant to say, when the hotel heard only part of it. */
  full_text?: string;
  /** Audio of this utterance the hotel heard (ms). */
  heard_ms?: number;
  /** How the hotel's words were recognised: streaming STT, REST STT, or a text leg. */
  via?: "stream" | "rest" | "text";
  /** What the reply meant, and the understanding layer that decided it. */
  intent?: string;
  layer?: string;
  /** Free-form facts for call events (answered_by, reason, ...). */
  data?: Record<string, string | number | boolean | null>;
  /** A tool the model called (`tool_call`: its arguments) or what it answered (`tool_result`: in `content`). */
  tool?: { call_id: string; name: string; arguments?: unknown };
}

export interface Toon {
  conversation_id: string;
  nodes: ToonNode[];
  current_node: number | null;
  context_window: number[];
}

export type NodeInput = Omit<ToonNode, "node_id" | "timestamp" | "parent_node"> & { timestamp?: string };
export type TranscriptListener = (node: ToonNode, change: "added" | "updated") => void;

export class Transcript {
  private readonly nodes: ToonNode[];
  private readonly listeners = new Set<TranscriptListener>();

  constructor(
    readonly conversationId: string,
    nodes: readonly ToonNode[] = [],
    private readonly contextSize = 12,
  ) {
    this.nodes = [...nodes].sort((a, b) => a.node_id - b.node_id);
  }

  get length(): number {
    return this.nodes.length;
  }

  get current(): ToonNode | null {
    return this.nodes.at(-1) ?? null;
  }

  all(): readonly ToonNode[] {
    return this.nodes;
  }

  add(input: NodeInput): ToonNode {
    const parent = this.current;
    const node: ToonNode = {
      ...input,
      node_id: (parent?.node_id ?? 0) + 1,
      timestamp: input.timestamp ?? new Date().toISOString(),
      ...(parent ? { parent_node: parent.node_id } : {}),
    };
    this.nodes.push(node);
    this.notify(node, "added");
    return node;
  }

  update(nodeId: number, patch: Partial<Omit<ToonNode, "node_id" | "parent_node">>): ToonNode | null {
    const i = this.nodes.findIndex((n) => n.node_id === nodeId);
    if (i < 0) return null;
    const node = { ...this.nodes[i]!, ...patch };
    this.nodes[i] = node;
    this.notify(node, "updated");
    return node;
  }

  /** Subscribes to node changes (the live transcript hook); returns the unsubscribe function. */
  onNode(listener: TranscriptListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  toJSON(): Toon {
    const window = this.nodes.slice(-this.contextSize).map((n) => n.node_id);
    return { conversation_id: this.conversationId, nodes: [...this.nodes], current_node: this.current?.node_id ?? null, context_window: window };
  }

  /**
   * The conversation as chat messages: what the other party heard from us, what they said, and the
   * tools the model called with their results (a call whose result never came is left out: the model
   * API refuses a tool call nobody answered).
   */
  history(): ChatMessage[] {
    const out: ChatMessage[] = [];
    const answered = new Set(this.nodes.filter((n) => n.type === "tool_result" && n.tool).map((n) => n.tool!.call_id));
    for (const n of this.nodes) {
      if (n.type === "tool_call" && n.tool && answered.has(n.tool.call_id))
        out.push({ role: "assistant", content: null, toolCalls: [{ id: n.tool.call_id, name: n.tool.name, arguments: n.tool.arguments ?? {} }] });
      else if (n.type === "tool_result" && n.tool) out.push({ role: "tool", toolCallId: n.tool.call_id, content: n.content });
      else if (n.type === "system_utterance" && n.content !== "") out.push({ role: "assistant", content: n.content });
      else if (n.type === "hotel_response" && n.content !== "") out.push({ role: "user", content: n.content });
      else if (n.type === "dtmf_received") out.push({ role: "user", content: `[the hotel pressed ${n.content}]` });
      else if (n.type === "dtmf_sent") out.push({ role: "assistant", content: `[pressed ${n.content}]` });
    }
    return out;
  }

  private notify(node: ToonNode, change: "added" | "updated"): void {
    for (const listener of this.listeners) {
      try {
        listener(node, change);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }
}

/** The words of `text` a listener heard when `fraction` (0..1) of its audio played: whole words only. */
export function heardPrefix(text: string, fraction: number): string {
  if (fraction >= 1) return text;
  if (fraction <= 0) return "";
  const words = text.split(/\s+/).filter((w) => w !== "");
  return words.slice(0, Math.floor(words.length * fraction)).join(" ");
}
