// The aggregates this worker's products keep, by subject type: where a call's events go
// (docs/architecture.md, "Subjects"). Registered in the shell, so the engine names no product.
import { SubjectSinks } from "../engine/subjects";
import { folioRecordSink, RECORD_SUBJECT } from "./folio-record/call-sink";

export const subjectSinks = new SubjectSinks();
subjectSinks.register(RECORD_SUBJECT, folioRecordSink);
