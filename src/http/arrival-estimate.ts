/**
 * When did Sendoso count a request? Sendoso counts arrivals, and a client only sees when it sent a
 * request and when the answer came back: the arrival lies somewhere between. Counting from the answer
 * is always safe but wastes a round trip per request (at 200 ms of latency a strict window of 10 then
 * allows about 8 requests a second); counting from the send is unsafe when a congested network
 * delivers a burst late, or when the server queues requests before it counts them.
 *
 * The rule: a round trip is propagation (the connection's shortest recent round trip, split evenly
 * between the two directions) plus queueing, which may sit anywhere, including before Sendoso counts.
 * So a request counts half the propagation before its answer, and a new request will arrive at least
 * half the propagation after it is sent. The propagation is trusted only once it is measured over
 * 10 round trips sent across 2 seconds, and only while round trips are steady (the shortest at least
 * half the median): a burst that a congested link delayed as a whole must not pass for a long path,
 * and on a loaded path the shortest round trip is queueing too, which may sit before Sendoso counts.
 * Until then, and whenever the estimate is 0, requests count from their answers. A 429 means the
 * estimate was wrong for this path: `distrust()` turns it off for good.
 */
export class ArrivalEstimator {
  /** Recent round trips, oldest first: when each was sent and how long it took. */
  readonly #samples: { sentAt: number; rtt: number }[] = [];
  readonly #size: number;
  #propagation = 0;
  #distrusted = false;

  constructor(size = 50) {
    this.#size = size;
  }

  /**
   * Records one answered request and returns how long before `answeredAt` Sendoso counted it at the
   * latest (0: count it at the answer). Times are in one clock, ms.
   */
  observe(sentAt: number, answeredAt: number): number {
    const rtt = Math.max(0, answeredAt - sentAt);
    const backdate = Math.min(rtt, this.#propagation) / 2;
    this.#samples.push({ sentAt, rtt });
    if (this.#samples.length > this.#size) this.#samples.shift();
    this.#propagation = this.#measure();
    return backdate;
  }

  /** How long after being sent a new request reaches Sendoso at the earliest (0 when unknown). */
  creditMs(): number {
    return this.#propagation / 2;
  }

  /** Sendoso refused a request (429): count every request from its answer from now on. */
  distrust(): void {
    this.#distrusted = true;
    this.#propagation = 0;
  }

  #measure(): number {
    const samples = this.#samples;
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (this.#distrusted || samples.length < 10 || !first || !last) return 0;
    if (last.sentAt - first.sentAt < 2000) return 0;
    const rtts = samples.map((s) => s.rtt).sort((a, b) => a - b);
    const min = rtts[0] ?? 0;
    const median = rtts[Math.floor(rtts.length / 2)] ?? 0;
    return min >= median / 2 ? min : 0;
  }
}
