// Vitest globalSetup, run in Node: real speech for the media tests. When espeak-ng is installed
// (`apt-get install espeak-ng`; .ci/run installs it), a local server turns text into spoken audio:
// POST /speak with the text → PCM16 little-endian, 8 kHz mono, as a phone line carries it (espeak-ng's
// 22.05 kHz output through a windowed-sinc low-pass resampler). Its URL is provide()d as `speechUrl`;
// without espeak-ng it is "" and test/fakes/speech.ts falls back to the formant synthesizer, saying so.
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The espeak-ng speech server's origin, or "" when espeak-ng is not installed. */
    speechUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!(await espeakVersion())) {
    project.provide("speechUrl", "");
    return;
  }
  const cache = new Map<string, Promise<Buffer>>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8").trim();
    if (req.method !== "POST" || req.url !== "/speak" || text === "") {
      res.writeHead(400).end("POST /speak with the text");
      return;
    }
    try {
      let pcm = cache.get(text);
      if (!pcm) cache.set(text, (pcm = speak(text)));
      const body = await pcm;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("speechUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

function espeakVersion(): Promise<string | null> {
  return new Promise((resolve) => execFile("espeak-ng", ["--version"], (err, out) => resolve(err ? null : String(out).trim())));
}

/** espeak-ng's WAV for `text` (US English, a moderate rate), as 8 kHz PCM16LE. */
function speak(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("espeak-ng", ["-v", "en-us", "-s", "165", "--stdout", "--", text], { encoding: "buffer", maxBuffer: 64 << 20 }, (err, wav) => {
      if (err) return reject(err);
      try {
        const { rate, samples } = readWav(wav as Buffer);
        const out = resample(samples, rate, 8000);
        const buf = Buffer.alloc(out.length * 2);
        out.forEach((v, i) => buf.writeInt16LE(v, i * 2));
        resolve(buf);
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Mono PCM16 out of a RIFF/WAVE file (espeak-ng writes its sizes as 0x7fffffff on stdout: read to the end). */
function readWav(wav: Buffer): { rate: number; samples: Int16Array } {
  if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") throw new Error("espeak-ng did not write a WAV");
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === "fmt ") {
      if (wav.readUInt16LE(offset + 8) !== 1 || wav.readUInt16LE(offset + 10) !== 1 || wav.readUInt16LE(offset + 22) !== 16) throw new Error("expected PCM16 mono");
      rate = wav.readUInt32LE(offset + 12);
    } else if (id === "data") {
      const end = Math.min(wav.length, offset + 8 + size);
      const data = wav.subarray(offset + 8, end - ((end - offset - 8) % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error("no data chunk");
}

/** Windowed-sinc (Blackman) resampling with the cutoff below the lower Nyquist, so nothing aliases. */
function resample(input: Int16Array, from: number, to: number): Int16Array {
  const cutoff = (0.9 * Math.min(from, to)) / 2 / from; // cycles per input sample
  const half = 24 * Math.ceil(from / to);
  const out = new Int16Array(Math.floor((input.length * to) / from));
  for (let n = 0; n < out.length; n++) {
    const x = (n * from) / to;
    const k0 = Math.ceil(x - half);
    let acc = 0;
    for (let k = k0; k <= x + half; k++) {
      if (k < 0 || k >= input.length) continue;
      const d = x - k;
      const sinc = d === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * d) / (Math.PI * d);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
      acc += input[k]! * sinc * w;
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}
