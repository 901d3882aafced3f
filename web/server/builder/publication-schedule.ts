/** setTimeout's longest wait (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The timer for the next scheduled post or opinion, so it goes live on time without a publish.
 * Every build says when the next one is due, so a restart or a reschedule in the admin replaces
 * the timer; a timer cannot wait longer than about 24 days, so a far date is waited for in steps.
 * The timer never keeps the process alive.
 */
export class PublicationSchedule {
  private next: { at: Date; timer: NodeJS.Timeout } | null = null;
  private readonly onDue: (at: Date) => void;
  private readonly log: (line: string) => void;

  constructor(onDue: (at: Date) => void, log: (line: string) => void) {
    this.onDue = onDue;
    this.log = log;
  }

  /** When the next scheduled entry is due, if one is. */
  get at(): Date | null {
    return this.next?.at ?? null;
  }

  /** Waits for `at` instead (nothing when null); the same time again leaves the timer alone. */
  set(at: Date | null): void {
    if (at?.getTime() === this.at?.getTime()) return;
    this.arm(at);
  }

  private arm(at: Date | null): void {
    if (this.next) clearTimeout(this.next.timer);
    this.next = null;
    if (!at) return;
    const wait = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        if (Date.now() < at.getTime()) return this.arm(at);
        this.next = null;
        this.onDue(at);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.next = { at, timer };
    this.log(`[builder] Next scheduled publication: ${at.toISOString()}`);
  }
}
