// A streaming RFC 4180 reader: text goes in by chunks, whole records come out with the line they
// started on (1-based; the header is line 1). Quoted fields may hold commas, doubled quotes and
// line breaks. A malformed record is reported as an error for its line, and reading goes on.

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  Garbage, // the rest of a bad record, skipped to its end
}

export class CsvReader {
  private state = State.FieldStart;
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private error: string | null = null;
  private pendingCR = false;
  private out: CsvRecord[] = [];

  push(text: string): CsvRecord[] {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === "\n") continue; // CRLF already ended the record at the CR
      }
      this.step(ch);
    }
    const records = this.out;
    this.out = [];
    return records;
  }

  end(): CsvRecord[] {
    if (this.state === State.Quoted) this.fail("unterminated quoted field");
    if (this.state !== State.FieldStart || this.field !== "" || this.fields.length > 0 || this.error) this.endRecord();
    const records = this.out;
    this.out = [];
    return records;
  }

  private step(ch: string): void {
    switch (this.state) {
      case State.FieldStart:
        if (ch === '"') this.state = State.Quoted;
        else if (ch === ",") this.endField();
        else if (ch === "\r" || ch === "\n") this.newline(ch);
        else {
          this.field += ch;
          this.state = State.Unquoted;
        }
        return;
      case State.Unquoted:
        if (ch === ",") this.endField();
        else if (ch === "\r" || ch === "\n") this.newline(ch);
        else if (ch === '"') this.fail("a quote inside an unquoted field");
        else this.field += ch;
        return;
      case State.Quoted:
        if (ch === '"') this.state = State.QuoteInQuoted;
        else {
          // CR, LF and CRLF inside quotes are each one line break.
          if (ch === "\r" || (ch === "\n" && !this.field.endsWith("\r"))) this.line++;
          this.field += ch;
        }
        return;
      case State.QuoteInQuoted:
        if (ch === '"') {
          this.field += '"';
          this.state = State.Quoted;
        } else if (ch === ",") this.endField();
        else if (ch === "\r" || ch === "\n") this.newline(ch);
        else this.fail("text after a closing quote");
        return;
      case State.Garbage:
        if (ch === "\r" || ch === "\n") this.newline(ch);
        return;
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.state = State.FieldStart;
  }

  private newline(ch: string): void {
    this.endRecord();
    this.line++;
    this.recordLine = this.line;
    if (ch === "\r") this.pendingCR = true;
  }

  private fail(message: string): void {
    this.error ??= message;
    this.state = State.Garbage;
  }

  private endRecord(): void {
    if (this.error) {
      this.out.push({ line: this.recordLine, error: this.error });
    } else {
      this.fields.push(this.field);
      const blank = this.fields.length === 1 && this.fields[0] === "";
      if (!blank) this.out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = "";
    this.error = null;
    this.state = State.FieldStart;
  }
}
