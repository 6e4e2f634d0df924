/**
 * A first-in first-out queue with a front lane: urgent items (search queries) leave before ordinary
 * ones (ingestion batches); each lane keeps its arrival order.
 */
export class LaneQueue<T> {
  private readonly urgent: T[] = [];
  private readonly ordinary: T[] = [];

  get length(): number {
    return this.urgent.length + this.ordinary.length;
  }

  push(item: T, urgent: boolean): void {
    (urgent ? this.urgent : this.ordinary).push(item);
  }

  shift(): T | undefined {
    return this.urgent.length > 0 ? this.urgent.shift() : this.ordinary.shift();
  }

  /** Takes `item` out of whichever lane holds it; false when it is not queued. */
  remove(item: T): boolean {
    for (const lane of [this.urgent, this.ordinary]) {
      const i = lane.indexOf(item);
      if (i >= 0) {
        lane.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Empties the queue, returning what was in it. */
  drain(): T[] {
    return [...this.urgent.splice(0), ...this.ordinary.splice(0)];
  }
}
