import type { Problem } from '../../errors.js';

export interface NumberRange {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Inclusive upper bound. */
  max?: number;
  integer?: boolean;
}

export interface TextListOptions {
  maxItems: number;
  /** When given, each value must be one of these. */
  allowed?: readonly string[];
  /** Refuse repeated values. */
  distinct?: boolean;
}

const MAX_TEXT = 128;

/**
 * Collects every problem of a JSON document written by a person (rules, ranking configuration),
 * each with its dotted field path and a message that says what is expected and what was found.
 */
export class FieldChecker {
  readonly problems: Problem[] = [];

  report(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** A plain object, or reports what was found instead. */
  object(field: string, value: unknown, expected: string): Record<string, unknown> | undefined {
    if (isRecord(value)) return value;
    this.report(field, `must be ${expected}, got ${describe(value)}`);
    return undefined;
  }

  /** Refuses fields outside `allowed`, naming the likely intended one, so typos surface. */
  onlyFields(field: string, value: Record<string, unknown>, allowed: readonly string[], owner: string): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      const hint = guess ? `did you mean "${guess}"? ` : '';
      this.report(`${field}.${key}`, `is not a field of ${owner}; ${hint}allowed fields are ${allowed.join(', ')}`);
    }
  }

  number(field: string, value: unknown, range: NumberRange): value is number {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!range.integer || Number.isInteger(value)) &&
      (range.min === undefined || value >= range.min) &&
      (range.above === undefined || value > range.above) &&
      (range.max === undefined || value <= range.max);
    if (!ok) this.report(field, `must be ${describeRange(range)}, got ${describe(value)}`);
    return ok;
  }

  boolean(field: string, value: unknown): value is boolean {
    if (typeof value === 'boolean') return true;
    this.report(field, `must be true or false, got ${describe(value)}`);
    return false;
  }

  text(field: string, value: unknown, what = 'text'): value is string {
    if (typeof value !== 'string' || value.trim().length === 0) {
      this.report(field, `must be non-blank ${what}, got ${describe(value)}`);
      return false;
    }
    if (value.length > MAX_TEXT) {
      this.report(field, `is ${value.length} characters long; the limit is ${MAX_TEXT}`);
      return false;
    }
    return true;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
    const hint = guess ? ` (did you mean ${guess}?)` : '';
    this.report(field, `must be one of ${allowed.join(', ')}, got ${describe(value)}${hint}`);
    return false;
  }

  /** A non-empty list of non-blank strings; every bad entry is reported with its index. */
  textList(field: string, value: unknown, options: TextListOptions, what = 'value'): value is string[] {
    if (!Array.isArray(value)) {
      this.report(field, `must be a list of ${what}s, got ${describe(value)}`);
      return false;
    }
    if (value.length === 0) {
      this.report(field, `lists no ${what}s; add at least one or leave the field out`);
      return false;
    }
    if (value.length > options.maxItems) {
      this.report(field, `lists ${value.length} ${what}s; the limit is ${options.maxItems}`);
      return false;
    }
    const before = this.problems.length;
    const seen = new Set<string>();
    value.forEach((entry, index) => {
      const path = `${field}[${index}]`;
      if (options.allowed) {
        if (!this.oneOf(path, entry, options.allowed)) return;
      } else if (!this.text(path, entry, what)) return;
      if (options.distinct && seen.has(entry as string)) this.report(path, `repeats ${describe(entry)}; list each ${what} once`);
      seen.add(entry as string);
    });
    return this.problems.length === before;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a found value reads in a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const low = range.min ?? range.above;
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  if (range.above !== undefined && range.max !== undefined) return `${kind} above ${range.above} and at most ${range.max}`;
  if (range.above !== undefined) return `${kind} above ${range.above}`;
  if (low !== undefined) return `${kind} of at least ${low}`;
  if (range.max !== undefined) return `${kind} of at most ${range.max}`;
  return kind;
}

/** The allowed word a typo most likely meant: at most 2 edits away ignoring case, or a shortened form of it. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const shortened = lower.length >= 4 && other.startsWith(lower);
    const distance = shortened ? 2 : editDistance(lower, other);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
