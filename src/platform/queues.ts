// The work queues by the names the domain uses for them (docs/architecture.md, "A record, end to end").
import type { QueueName } from "../domain/record-reactions";

export function queueFor(env: Env, name: QueueName): Queue {
  switch (name) {
    case "scheduling":
      return env.SCHEDULING_QUEUE;
    case "email-out":
      return env.EMAIL_OUT_QUEUE;
    case "escalations":
      return env.ESCALATIONS_QUEUE;
  }
}
