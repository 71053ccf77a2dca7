// The shapes of folio extraction (docs/architecture.md, "Public contracts"): the fields, the record they are checked against, the result.

export interface FolioCharge {
  /** ISO date (YYYY-MM-DD), when the line carries one. */
  date?: string;
  description: string;
  /** Debits positive; allowances (discounts, adjustments) negative. Payments are not charges. */
  amount: number;
}

export interface FolioFields {
  folio_number: string | null;
  guest_name: string | null;
  /** ISO dates. */
  check_in: string | null;
  check_out: string | null;
  room_number: string | null;
  /** ISO 4217 code. */
  currency: string | null;
  charges: FolioCharge[];
  /** The total of charges (not the balance left after payments). */
  total_amount: number | null;
}

export type FolioFieldName = keyof FolioFields;

/** What the folio is checked against: the record's guest and stay. */
export interface FolioRecordRef {
  guest_name: string;
  check_in: string;
  check_out: string;
  confirmation_number?: string;
}

export interface FolioExtraction {
  fields: FolioFields;
  /** Machine-readable codes, each with a short message: "missing:folio_number", "total_mismatch: …". */
  issues: string[];
  /** Per field, which layer decided it and from where (docs/architecture.md, "Calls": a decision is logged with its layer). */
  evidence?: Partial<Record<FolioFieldName, FieldEvidence>>;
}

/** Who decided a field: the deterministic rules, a hotel's learned layout, the LLM, or an operator. */
export type FolioLayer = "rules" | "hints" | "llm" | "operator";

export interface FieldEvidence {
  confidence: number;
  source: string;
  layer: FolioLayer;
}

/** The fields a folio must have to be complete. */
export const REQUIRED_FIELDS = ["folio_number", "guest_name", "check_in", "check_out", "total_amount"] as const satisfies readonly FolioFieldName[];
