// HTTP Range (RFC 9110 §14) for served files: one `bytes=` range, so an audio player can seek.
// Several ranges at once are answered with the whole file (the RFC lets a server ignore Range).

export type RangeAnswer = { kind: "whole" } | { kind: "part"; offset: number; length: number } | { kind: "unsatisfiable" };

export function parseRange(header: string | null | undefined, size: number): RangeAnswer {
  if (!header) return { kind: "whole" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Malformed or multi-range: ignore the header, as the RFC allows.
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "whole" };
  if (m[1] === "") {
    // A suffix: the last N bytes.
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n) || n === 0 || size === 0) return { kind: "unsatisfiable" };
    const length = Math.min(n, size);
    return { kind: "part", offset: size - length, length };
  }
  const first = Number(m[1]);
  if (!Number.isSafeInteger(first) || first >= size) return { kind: "unsatisfiable" };
  const last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(last) || last < first) return m[2] !== "" && Number(m[2]) < first ? { kind: "whole" } : { kind: "unsatisfiable" };
  return { kind: "part", offset: first, length: last - first + 1 };
}
