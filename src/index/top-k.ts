/**
 * Keeps the k best-scoring entries seen so far in a binary min-heap (the worst kept at the root),
 * so scanning n candidates costs O(n log k) instead of sorting all of them.
 */
export class TopK<T> {
  private readonly items: T[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** The score an entry must beat to be kept. */
  get threshold(): number {
    return this.items.length < this.k ? -Infinity : this.scores[0];
  }

  push(item: T, score: number): void {
    if (this.k <= 0) return;
    if (this.items.length < this.k) {
      this.items.push(item);
      this.scores.push(score);
      this.siftUp(this.items.length - 1);
    } else if (score > this.scores[0]) {
      this.items[0] = item;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** Best first. */
  sorted(): { item: T; score: number }[] {
    return this.items.map((item, i) => ({ item, score: this.scores[i] })).sort((a, b) => b.score - a.score);
  }

  private swap(i: number, j: number) {
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }

  private siftUp(i: number) {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent] <= this.scores[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number) {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.scores[left] < this.scores[smallest]) smallest = left;
      if (right < n && this.scores[right] < this.scores[smallest]) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
