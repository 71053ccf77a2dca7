// The refill product's playbook: a pharmacy's inbound line. It greets, lets the model answer the
// caller, and gives the model one tool, `refill_status`, whose result (read from the prescription's
// own aggregate through the playbook's services) the model reads before it speaks again. The call's
// subjects are the prescriptions the caller asked about; they get RefillRequested from the tool and
// RefillCallEnded from the engine's `ended` fact. Engine APIs only.
import { z } from "zod";
import type { Playbook, PlaybookContext } from "../../../src/engine/playbook";
import type { Subject } from "../../../src/engine/subjects";
import { deskStub } from "./refill-desk";

export const PRESCRIPTION = "prescription";

export interface RefillState {
  phase: "greeted" | "talking";
  asked_about: string[];
}

export interface RefillServices {
  status(prescriptionId: string): Promise<{ medication: string; refills_left: number } | null>;
}

const refillStatus = { name: "refill_status", description: "Look up a prescription by its number: the medication and the refills left.", parameters: z.object({ prescription: z.string() }) };

const rxId = (number: string) => `rx_${number.replace(/\D/g, "")}`;
const caller = (ctx: PlaybookContext<RefillState>) => (ctx.params.inbound as { caller?: string | null } | undefined)?.caller ?? null;
const touched = (ctx: PlaybookContext<RefillState>): Subject[] => ctx.state.asked_about.map((id) => ({ type: PRESCRIPTION, id }));

export const refillPlaybook: Playbook<RefillState> = {
  name: "refill",
  tools: [refillStatus],
  oncePerCall: new Set(["RefillRequested"]),
  initialState: () => ({ phase: "greeted", asked_about: [] }),
  systemPrompt: () => "You answer a pharmacy's refill line. Use refill_status before you say anything about a prescription.",
  opening: (ctx) => ({ state: ctx.state, actions: [{ type: "say", text: "Pharmacy refills, how can I help?" }] }),
  classify: () => ({ intent: "question", layer: "rules" }),
  onReply: (ctx) => ({ state: { ...ctx.state, phase: "talking" }, actions: [{ type: "respond" }] }),

  async onTool(ctx, call) {
    const services = ctx.services as RefillServices;
    const { prescription } = call.arguments as { prescription: string };
    const id = rxId(prescription);
    const found = await services.status(id);
    if (!found) return { result: { found: false }, actions: [] };
    return {
      state: { ...ctx.state, asked_about: [...new Set([...ctx.state.asked_about, id])] },
      events: [{ subject: { type: PRESCRIPTION, id }, events: [{ event_type: "RefillRequested", data: { call_id: ctx.callId, caller: caller(ctx) } }] }],
      result: { found: true, medication: found.medication, refills_left: found.refills_left },
      actions: [],
    };
  },

  remaining: (ctx) => ctx.state.asked_about,
  wrapUp: (ctx) => ({
    state: ctx.state,
    actions: [
      { type: "say", text: "Sorry, we have to end here." },
      { type: "end", outcome: "max_duration" },
    ],
  }),

  eventsForFact(ctx, fact) {
    if (fact.type !== "ended") return [];
    return touched(ctx).map((subject) => ({ subject, events: [{ event_type: "RefillCallEnded", data: { call_id: fact.call_id, outcome: fact.outcome } }] }));
  },

  services: (env): RefillServices => ({
    async status(id) {
      const state = await deskStub(env, id).getState();
      return state ? { medication: state.medication, refills_left: state.refills_left } : null;
    },
  }),
};
