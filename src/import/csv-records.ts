import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';

/** One physical line of a CSV file: its fields, or why it could not be read. */
export type CsvLine = { line: number; fields: string[] } | { line: number; problem: string };

/**
 * Streams the records of a CSV file whose records are one per line (as in spreadsheet exports
 * such as UCI Online Retail), numbered by physical line.
 *
 * A CSV parser cannot resynchronise after a broken quote: everything up to the next quote
 * character, often the rest of the file, becomes one bad record. So each line's quoting is
 * checked first and a broken line reaches csv-parse as an empty line, which keeps line numbers
 * aligned with csv-parse's own count, while the line's problem is reported in its place.
 */
export async function* csvLines(stream: Readable): AsyncGenerator<CsvLine> {
  const problems = new Map<number, string>();
  const parser = stream.pipe(new QuotingGuard(problems)).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: false }),
  );
  stream.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      const problem = problems.get(line);
      if (problem !== undefined) {
        problems.delete(line);
        yield { line, problem };
      } else if (!(record.length === 1 && record[0] === '')) {
        yield { line, fields: record };
      }
    }
  } finally {
    parser.destroy();
    stream.destroy();
  }
}

/** Splits text into lines and replaces each badly quoted line by an empty one, noting why. */
class QuotingGuard extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private line = 0;

  constructor(private readonly problems: Map<number, string>) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.pending + this.decoder.write(chunk);
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      this.pending = text;
      return done();
    }
    this.pending = text.slice(end + 1);
    done(null, this.checked(text.slice(0, end).split('\n')));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.pending + this.decoder.end();
    done(null, rest === '' ? undefined : this.checked([rest]));
  }

  private checked(lines: string[]): string {
    for (let i = 0; i < lines.length; i += 1) {
      this.line += 1;
      if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
      const problem = quotingProblem(lines[i]);
      if (problem) {
        this.problems.set(this.line, problem);
        lines[i] = '';
      }
    }
    return lines.join('\n') + '\n';
  }
}

/** RFC 4180 quoting of a single-line record: quotes only around whole fields, doubled inside. */
function quotingProblem(line: string): string | undefined {
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let close = line.indexOf('"', at + 1);
      while (close !== -1 && line[close + 1] === '"') close = line.indexOf('"', close + 2);
      if (close === -1) return 'unterminated quoted field';
      at = close + 1;
      if (at === line.length) return undefined;
      if (line[at] !== ',') return 'text after a closing quote';
      at += 1;
    } else {
      const comma = line.indexOf(',', at);
      const end = comma === -1 ? line.length : comma;
      const quote = line.indexOf('"', at);
      if (quote !== -1 && quote < end) return 'quote inside an unquoted field';
      if (comma === -1) return undefined;
      at = comma + 1;
    }
  }
}
