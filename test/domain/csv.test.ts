import { describe, expect, it } from "vitest";
import { CsvReader, type CsvRecord } from "../../src/domain/csv";

/** Reads `chunks` through one reader, as the import route does: push each, then end(). */
function read(...chunks: string[]): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...reader.push(c));
  out.push(...reader.end());
  return out;
}

describe("CsvReader: records and lines", () => {
  it("reads a header and rows with 1-based start lines", () => {
    expect(read("a,b,c\n1,2,3\n4,5,6\n")).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "2", "3"] },
      { line: 3, fields: ["4", "5", "6"] },
    ]);
  });

  it("emits the last record without a trailing line break only at end()", () => {
    const reader = new CsvReader();
    expect(reader.push("a,b\n1,2")).toEqual([{ line: 1, fields: ["a", "b"] }]);
    expect(reader.end()).toEqual([{ line: 2, fields: ["1", "2"] }]);
    expect(reader.end()).toEqual([]);
  });

  it("treats LF, CRLF and a lone CR as record separators", () => {
    const expected = [
      { line: 1, fields: ["a"] },
      { line: 2, fields: ["b"] },
      { line: 3, fields: ["c"] },
    ];
    expect(read("a\nb\nc\n")).toEqual(expected);
    expect(read("a\r\nb\r\nc\r\n")).toEqual(expected);
    expect(read("a\rb\rc\r")).toEqual(expected);
    expect(read("a\r\nb\rc\n")).toEqual(expected);
  });

  it("keeps empty fields, including leading and trailing ones", () => {
    expect(read(",a,,b,\n")).toEqual([{ line: 1, fields: ["", "a", "", "b", ""] }]);
    expect(read(",\n")).toEqual([{ line: 1, fields: ["", ""] }]);
    expect(read("a,")).toEqual([{ line: 1, fields: ["a", ""] }]);
  });

  it("keeps spaces in unquoted fields as they are", () => {
    expect(read(" a , b \n")).toEqual([{ line: 1, fields: [" a ", " b "] }]);
  });

  it("skips blank lines but still counts them", () => {
    expect(read("h\n\n\nx\r\n\r\ny\n\n")).toEqual([
      { line: 1, fields: ["h"] },
      { line: 4, fields: ["x"] },
      { line: 6, fields: ["y"] },
    ]);
  });

  it("returns nothing for empty input or only line breaks", () => {
    expect(read("")).toEqual([]);
    expect(read("\n\r\n\r")).toEqual([]);
  });
});

describe("CsvReader: quoted fields", () => {
  it("holds commas, doubled quotes and an empty quoted field", () => {
    expect(read('"a,b","say ""hi""","",x\n')).toEqual([{ line: 1, fields: ["a,b", 'say "hi"', "", "x"] }]);
  });

  it("reads a field that is only an escaped quote", () => {
    expect(read('""""\n')).toEqual([{ line: 1, fields: ['"'] }]);
  });

  it("keeps line breaks inside quotes verbatim and counts them for the next record's line", () => {
    expect(read('h\n"a\nb",1\nnext\n')).toEqual([
      { line: 1, fields: ["h"] },
      { line: 2, fields: ["a\nb", "1"] },
      { line: 4, fields: ["next"] },
    ]);
    expect(read('h\r\n"a\r\nb\r\nc",1\r\nnext\r\n')).toEqual([
      { line: 1, fields: ["h"] },
      { line: 2, fields: ["a\r\nb\r\nc", "1"] },
      { line: 5, fields: ["next"] },
    ]);
    expect(read('"a\rb\r",1\rnext')).toEqual([
      { line: 1, fields: ["a\rb\r", "1"] },
      { line: 4, fields: ["next"] },
    ]);
  });

  it("counts an LF after a doubled quote following a CR as its own line break", () => {
    // "\r" then '""' then "\n": two separate line breaks (not one CRLF), so x is on line 4.
    expect(read('"\r""\n"\nx')).toEqual([
      { line: 1, fields: ['\r"\n'] },
      { line: 4, fields: ["x"] },
    ]);
  });

  it("keeps a blank-looking quoted line break field", () => {
    expect(read('"\n"\n')).toEqual([{ line: 1, fields: ["\n"] }]);
  });
});

describe("CsvReader: malformed records", () => {
  it("reports a quote inside an unquoted field on the record's line and reads on", () => {
    expect(read('h\nab"c,1\nok,2\n')).toEqual([
      { line: 1, fields: ["h"] },
      { line: 2, error: "a quote inside an unquoted field" },
      { line: 3, fields: ["ok", "2"] },
    ]);
  });

  it("reports text after a closing quote", () => {
    expect(read('"a"b,1\nok\n')).toEqual([
      { line: 1, error: "text after a closing quote" },
      { line: 2, fields: ["ok"] },
    ]);
    expect(read('"a" ,1\n')).toEqual([{ line: 1, error: "text after a closing quote" }]);
  });

  it("reports only the first error of a record", () => {
    expect(read('a"b,"c"d\n')).toEqual([{ line: 1, error: "a quote inside an unquoted field" }]);
  });

  it("reports an unterminated quote at end() on the line the record started", () => {
    expect(read('h\n"open\nstill open\n')).toEqual([
      { line: 1, fields: ["h"] },
      { line: 2, error: "unterminated quoted field" },
    ]);
  });

  it("reports an error record that ends at end of input", () => {
    expect(read('x\na"b')).toEqual([
      { line: 1, fields: ["x"] },
      { line: 2, error: "a quote inside an unquoted field" },
    ]);
  });

  it("resynchronizes after an error ended by CRLF", () => {
    expect(read('a"\r\nb\r\n')).toEqual([
      { line: 1, error: "a quote inside an unquoted field" },
      { line: 2, fields: ["b"] },
    ]);
  });
});

describe("CsvReader: chunk boundaries", () => {
  const samples: Record<string, string> = {
    crlf: 'id,name,note\r\n1,"Smith, Jane","said ""ok"""\r\n\r\n2,plain,\r\n3,"multi\r\nline\r\nnote",x\r\n',
    lf: 'a,b\n"x\ny","z"\n\nq,"""quoted"""\n',
    cr: 'a,b\r"x\ry",z\r\rlast,one',
    mixed: 'h1,h2\r\n"a\rb\nc\r\nd",2\rplain,3\n"",4\r\n',
    errors: 'h\nab"c\n"x"y,1\r\n"ok\r\n"\r\nlast\n"unterminated\r\n',
    unicode: 'name,city\n"Zoë ""Z""",Zürich\r\n日本,"東京\n都"\n',
  };

  for (const [name, text] of Object.entries(samples)) {
    it(`gives the same records for every split point (${name})`, () => {
      const whole = read(text);
      expect(whole.length).toBeGreaterThan(0);
      for (let i = 0; i <= text.length; i++) {
        expect(read(text.slice(0, i), text.slice(i)), `split at ${i}`).toEqual(whole);
      }
    });

    it(`gives the same records fed one character at a time (${name})`, () => {
      expect(read(...text.split(""))).toEqual(read(text));
    });
  }

  it("gives the same records for every pair of split points", () => {
    const text = samples.mixed!;
    const whole = read(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(read(text.slice(0, i), text.slice(i, j), text.slice(j))).toEqual(whole);
      }
    }
  });

  it("does not double a record break when CR and LF arrive in different chunks", () => {
    expect(read("a\r", "\nb\r", "\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 2, fields: ["b"] },
    ]);
  });

  it("counts a CRLF split across chunks inside quotes as one line", () => {
    expect(read('"x\r', '\ny"\r', "\nz")).toEqual([
      { line: 1, fields: ["x\r\ny"] },
      { line: 3, fields: ["z"] },
    ]);
  });

  it("handles a doubled quote split across chunks", () => {
    expect(read('"a"', '"b"')).toEqual([{ line: 1, fields: ['a"b'] }]);
  });

  it("ignores empty chunks", () => {
    expect(read("", "a,", "", "b", "")).toEqual([{ line: 1, fields: ["a", "b"] }]);
  });

  it("returns each record from the push that completes it", () => {
    const reader = new CsvReader();
    expect(reader.push('a,"b')).toEqual([]);
    expect(reader.push('\nc"\nd')).toEqual([{ line: 1, fields: ["a", "b\nc"] }]);
    expect(reader.push("\n")).toEqual([{ line: 3, fields: ["d"] }]);
    expect(reader.end()).toEqual([]);
  });
});

describe("CsvReader: round trip", () => {
  it("reads back random quoted and unquoted fields with the right lines, at any split", () => {
    let seed = 7;
    const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    const alphabet = ["a", ",", '"', "\r", "\n", "\r\n", " ", "é"];
    const separators = ["\n", "\r\n", "\r"];
    for (let n = 0; n < 2000; n++) {
      let text = "";
      const expected: { line: number; fields: string[] }[] = [];
      for (let r = 0, rows = 1 + rnd(4); r < rows; r++) {
        const fields = Array.from({ length: 1 + rnd(3) }, () => Array.from({ length: rnd(4) }, () => alphabet[rnd(alphabet.length)]).join(""));
        if (fields.length === 1 && fields[0] === "") fields[0] = "x"; // a lone empty field is a blank line
        // CRLF counts once, inside quotes too.
        expected.push({ line: 1 + (text.match(/\r\n|\r|\n/g) ?? []).length, fields });
        text += fields.map((v) => (/[",\r\n]/.test(v) || rnd(3) === 0 ? `"${v.replaceAll('"', '""')}"` : v)).join(",");
        text += separators[rnd(3)]!;
      }
      const cut = rnd(text.length + 1);
      expect(read(text.slice(0, cut), text.slice(cut)), JSON.stringify(text)).toEqual(expected);
    }
  });
});
