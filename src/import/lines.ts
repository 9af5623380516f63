import readline from 'node:readline';
import type { Readable } from 'node:stream';

export interface NumberedLine {
  /** 1-based physical line number in the file. */
  line: number;
  text: string;
}

/** The lines of a text stream, numbered, with `\r\n` endings handled. */
export async function* numberedLines(stream: Readable, encoding: BufferEncoding = 'utf8'): AsyncGenerator<NumberedLine> {
  stream.setEncoding(encoding);
  const reader = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of reader) {
      line += 1;
      yield { line, text };
    }
  } finally {
    reader.close();
    stream.destroy();
  }
}
