/** One thing wrong with one input: `index` is the position in a batch, `field` a dotted path. */
export interface Problem {
  index?: number;
  field: string;
  message: string;
}

/**
 * Input that cannot be accepted as given. Transports turn it into their own error shape
 * (GraphQL: BAD_USER_INPUT); the message names the first problem so a person can act on it,
 * and `problems` lists all of them (capped) for tooling.
 */
export class InputError extends Error {
  readonly problems: Problem[];

  /** @param collection what the indexed problems index into, e.g. "events" or "products". */
  constructor(problems: Problem[], collection = 'input') {
    const [first] = problems;
    const where = first.index === undefined ? first.field : `${collection}[${first.index}].${first.field}`;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`${where}: ${first.message}${more}`);
    this.name = 'InputError';
    this.problems = problems.slice(0, MAX_REPORTED_PROBLEMS);
  }
}

const MAX_REPORTED_PROBLEMS = 50;

/** Throws an InputError when `problems` is not empty. */
export function assertNoProblems(problems: Problem[], collection?: string): void {
  if (problems.length > 0) throw new InputError(problems, collection);
}
