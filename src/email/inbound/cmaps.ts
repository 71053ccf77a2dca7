// The CMaps the Worker's PDF reader carries: PDF.js needs them to read text set in a CID font with a
// predefined encoding, and drops such text silently without them. Japanese scanners and office software
// write Shift-JIS ("90ms") and Unicode JIS encodings, and PDF.js reads their text through the
// Adobe-Japan1 → Unicode map. The files come from the pdfjs-dist package (Adobe's CMap resources), as
// binary modules (wrangler.toml's Data rule), so only these six go into the bundle.
import ms90H from "pdfjs-dist/cmaps/90ms-RKSJ-H.bcmap";
import ms90V from "pdfjs-dist/cmaps/90ms-RKSJ-V.bcmap";
import msp90H from "pdfjs-dist/cmaps/90msp-RKSJ-H.bcmap";
import msp90V from "pdfjs-dist/cmaps/90msp-RKSJ-V.bcmap";
import uniJis from "pdfjs-dist/cmaps/UniJIS-UCS2-H.bcmap";
import japan1 from "pdfjs-dist/cmaps/Adobe-Japan1-UCS2.bcmap";
import type { CMapFiles } from "./pdf-text";

export const BUNDLED_CMAPS: CMapFiles = {
  "90ms-RKSJ-H.bcmap": ms90H,
  "90ms-RKSJ-V.bcmap": ms90V,
  "90msp-RKSJ-H.bcmap": msp90H,
  "90msp-RKSJ-V.bcmap": msp90V,
  "UniJIS-UCS2-H.bcmap": uniJis,
  "Adobe-Japan1-UCS2.bcmap": japan1,
};
