// A call transcript (TOON nodes) rendered as a list: who said what, keys sent and pressed, and the
// call's events (how it was answered: IVR, voicemail or a person). The live page's script adds to the
// same list with the same markup.
import type { ToonNode } from "../../engine/transcript";

const NAMES: Record<string, string> = {
  system_utterance: "Agent",
  hotel_response: "Hotel",
  dtmf_sent: "Keys sent",
  dtmf_received: "Keys pressed",
  call_event: "Call",
  tool_call: "Tool call",
  tool_result: "Tool result",
};

export function nodeText(n: ToonNode): string {
  let text = n.content ?? "";
  if (n.type === "dtmf_sent" || n.type === "dtmf_received") text = `DTMF ${text}`;
  if (n.type === "tool_call" && n.tool) text = `${n.tool.name} ${JSON.stringify(n.tool.arguments ?? {})}`;
  if (n.type === "tool_result" && n.tool) text = `${n.tool.name} → ${text}`;
  if (n.type === "call_event" && n.data) {
    const parts = Object.entries(n.data).map(([k, v]) => `${k}: ${String(v)}`);
    if (parts.length) text += ` (${parts.join(", ")})`;
  }
  if (n.intent) text += ` [intent: ${n.intent}${n.layer ? ` via ${n.layer}` : ""}]`;
  if (n.truncated) text += " [cut off]";
  return text;
}

export function TranscriptNodes({ nodes }: { nodes: readonly ToonNode[] }) {
  return (
    <>
      {nodes.map((n) => (
        <li id={`node-${n.node_id}`} class={`t-${n.type}`} data-node-type={n.type}>
          <span class="who-said">{`${NAMES[n.type] ?? n.type}:`}</span>
          {nodeText(n)}
          <time datetime={n.timestamp} class="muted">
            {` ${n.timestamp.slice(11, 19)} `}
          </time>
        </li>
      ))}
    </>
  );
}

/** The nodes of a CallEnded transcript, whatever shape it was stored in (a TOON or nothing). */
export function toonNodes(transcript: unknown): ToonNode[] {
  const nodes = (transcript as { nodes?: unknown } | null | undefined)?.nodes;
  return Array.isArray(nodes) ? (nodes.filter((n) => n && typeof n === "object" && typeof (n as ToonNode).type === "string") as ToonNode[]) : [];
}
