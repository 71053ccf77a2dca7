// Folio extraction on the 21 real folios (../shared/fixtures/folios): the PDF text is read first with
// the product's reader (unpdf), then only the rules are timed. Runs in Node: the rules are pure CPU,
// and workerd's clock is too coarse to time them. folio_fields_right: folios with every required
// field right (rules only, with the record an expense team would have entered).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { extractFolio } from "../src/domain/folio";
import { pdfText } from "../src/email/inbound/pdf-text";
import { TRUTH, recordFor, wrongFields } from "../test/domain/folio-real-truth";

const DIR = path.join(import.meta.dirname, "..", "..", "shared", "fixtures", "folios");
const RUNS = 20;

/** The CMaps the Worker bundles (src/email/inbound/cmaps.ts), read here from the pdfjs-dist package. */
function nodeCMaps(): Record<string, ArrayBuffer> {
  const dir = path.join(import.meta.dirname, "..", "node_modules", "pdfjs-dist", "cmaps");
  const names = ["90ms-RKSJ-H", "90ms-RKSJ-V", "90msp-RKSJ-H", "90msp-RKSJ-V", "UniJIS-UCS2-H", "Adobe-Japan1-UCS2"];
  return Object.fromEntries(names.map((n) => [`${n}.bcmap`, new Uint8Array(readFileSync(path.join(dir, `${n}.bcmap`))).buffer]));
}

async function main() {
  if (!existsSync(DIR)) throw new Error(`no folio fixtures at ${DIR}`);
  const cmaps = nodeCMaps();
  const docs: { name: string; text: string }[] = [];
  for (const name of readdirSync(DIR)
    .filter((f) => f.endsWith(".pdf"))
    .sort()) {
    const r = await pdfText(new Uint8Array(readFileSync(path.join(DIR, name))), cmaps);
    docs.push({ name, text: r.kind === "text" ? r.text : "" });
  }
  // Per folio: the median of RUNS extractions (after one warm-up), then p50 and max over the folios.
  const perDoc: number[] = [];
  let right = 0;
  let rightWithoutRecord = 0;
  for (const { name, text } of docs) {
    const t = TRUTH[name];
    const record = t ? recordFor(t) : undefined;
    extractFolio(text, record);
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      extractFolio(text, record);
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    perDoc.push(runs[RUNS >> 1]!);
    if (t && wrongFields(extractFolio(text, record).fields, t).length === 0) right++;
    if (t && wrongFields(extractFolio(text).fields, t).length === 0) rightWithoutRecord++;
  }
  perDoc.sort((a, b) => a - b);
  const ms = (n: number) => Number(n.toFixed(2));
  console.log(
    `BENCH ${JSON.stringify({
      folio_extract_ms: { p50: ms(perDoc[perDoc.length >> 1]!), max: ms(perDoc.at(-1)!), folios: perDoc.length, target_p50: 50, target_max: 300 },
      folio_fields_right: { right, of: docs.length, without_record: rightWithoutRecord, target: 19 },
    })}`,
  );
}

await main();
