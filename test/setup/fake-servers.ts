// Vitest globalSetup, run in Node (not workerd): starts the local servers that stand in for the paid
// providers (DESIGN §7), each on 127.0.0.1 and a random port, and provide()s their URLs. vitest.workers.ts
// injects them as the worker's own OPENAI_BASE_URL and TWILIO_API_BASE; tests reach the control APIs
// through test/fakes/openai-control.ts and test/fakes/twilio-rest.ts.
import type { TestProject } from "vitest/node";
import { startOpenAIServer } from "../fakes/openai-server";
import { startTwilioRestServer } from "../fakes/twilio-rest-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The fake OpenAI server's origin (the API is under /v1). */
    fakeOpenAIUrl: string;
    /** The Twilio REST emulator's origin. */
    fakeTwilioUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const openai = await startOpenAIServer();
  const twilio = await startTwilioRestServer();
  project.provide("fakeOpenAIUrl", openai.url);
  project.provide("fakeTwilioUrl", twilio.url);
  return async () => {
    await Promise.all([openai.close(), twilio.close()]);
  };
}
