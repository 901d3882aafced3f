// The site server's queue of contact-form messages on their way to the CMS. A message is on disk
// (written, flushed, renamed into place) before the reader is thanked, and leaves the queue only
// when the CMS has kept it; while the CMS is down, or the site server restarts, it waits and is
// delivered later. The CMS keeps a message delivered twice once (its id is the queue's).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { InquiryFields } from '@blog/shared';

export interface QueuedInquiry {
  /** The file's name and the CMS's submission id: time-ordered, unique. */
  id: string;
  fields: InquiryFields;
  receivedAt: string;
  page: string | null;
}

export interface InquiryQueueStatus {
  /** Messages waiting for the CMS. */
  queued: number;
  /** Messages the CMS refused (kept in `refused/` for a person to look at). */
  refused: number;
  lastError: string | null;
}

interface QueueOptions {
  dir: string;
  /** Where to deliver: the CMS and the contact form's token (null until there is one). */
  target: () => { url: string; token: string | null };
  log?: (line: string) => void;
  /** Longest wait between two delivery attempts. */
  maxRetryMs?: number;
}

const REFUSED_DIR = 'refused';

export class InquiryQueue {
  private draining: Promise<void> | null = null;
  private again = false;
  private retryMs = 1_000;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private stopped = false;
  private readonly log: (line: string) => void;

  private readonly options: QueueOptions;

  constructor(options: QueueOptions) {
    this.options = options;
    this.log = options.log ?? console.log;
    fs.mkdirSync(path.join(options.dir, REFUSED_DIR), { recursive: true });
    // A write that never finished (the process died mid-way) was never acknowledged to a reader.
    for (const name of fs.readdirSync(options.dir))
      if (name.endsWith('.tmp')) fs.rmSync(path.join(options.dir, name), { force: true });
  }

  /** Keeps a message durably, then starts delivering it; resolves once it is safe on disk. */
  async add(inquiry: Omit<QueuedInquiry, 'id'>): Promise<string> {
    const id = `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}`;
    const file = path.join(this.options.dir, `${id}.json`);
    const handle = await fs.promises.open(`${file}.tmp`, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ id, ...inquiry } satisfies QueuedInquiry));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(`${file}.tmp`, file);
    await syncDirectory(this.options.dir);
    this.deliverSoon();
    return id;
  }

  /** Delivers what is waiting (also what an earlier run left), and keeps trying while any is. */
  start(): void {
    if (this.pendingFiles().length) {
      this.log(`[contact] ${this.pendingFiles().length} message(s) waiting for the CMS`);
      this.deliverSoon();
    }
  }

  /** Resolves when the queue is empty or waiting for its next attempt (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  status(): InquiryQueueStatus {
    const count = (read: () => string[]) => {
      try {
        return read().length;
      } catch {
        return 0; // the folder is not readable now; lastError says why once delivery tries
      }
    };
    return {
      queued: count(() => this.pendingFiles()),
      refused: count(() => fs.readdirSync(path.join(this.options.dir, REFUSED_DIR))),
      lastError: this.lastError,
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private deliverSoon(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: Error) => {
        // The queue's folder itself failed (gone, unreadable): nothing was taken out; try again.
        this.lastError = `the queue folder ${this.options.dir}: ${error.message}`;
        this.log(`[contact] ${this.lastError}`);
        this.timer = setTimeout(() => this.deliverSoon(), this.retryMs);
        this.timer.unref();
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.deliverSoon();
        }
      });
  }

  private async drain(): Promise<void> {
    for (const name of this.pendingFiles()) {
      if (this.stopped) return;
      const file = path.join(this.options.dir, name);
      let inquiry: QueuedInquiry;
      try {
        inquiry = JSON.parse(await fs.promises.readFile(file, 'utf8')) as QueuedInquiry;
      } catch (error) {
        this.setAside(name, `unreadable: ${(error as Error).message}`);
        continue;
      }
      const outcome = await this.deliver(inquiry);
      if (outcome === 'kept') {
        await fs.promises.rm(file, { force: true });
        this.log(`[contact] Message ${inquiry.id} delivered to the CMS`);
      } else if (outcome === 'refused') {
        this.setAside(name, this.lastError ?? 'refused');
      } else {
        // The CMS is away (or has no token for us yet): everything waits, and is tried again.
        this.log(
          `[contact] ${this.pendingFiles().length} message(s) wait for the CMS (${this.lastError}); trying again in ${this.retryMs / 1000} s`,
        );
        this.timer = setTimeout(() => this.deliverSoon(), this.retryMs);
        this.timer.unref();
        this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 60_000);
        return;
      }
    }
    this.retryMs = 1_000;
    this.lastError = null;
  }

  private async deliver(inquiry: QueuedInquiry): Promise<'kept' | 'refused' | 'later'> {
    const { url, token } = this.options.target();
    if (!token) {
      this.lastError = 'no token for the contact form yet (cms/.tmp/inquiry-token.json)';
      return 'later';
    }
    try {
      const response = await fetch(`${url}/api/inquiries`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          data: {
            ...inquiry.fields,
            receivedAt: inquiry.receivedAt,
            submissionId: inquiry.id,
            page: inquiry.page,
          },
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.ok) return 'kept';
      const detail = `${response.status} ${(await response.text()).slice(0, 300)}`;
      this.lastError = `the CMS answered ${detail}`;
      // 400: the CMS will never take it as it is; anything else may pass later.
      return response.status === 400 ? 'refused' : 'later';
    } catch (error) {
      this.lastError = `${url} cannot be reached: ${(error as Error).message}`;
      return 'later';
    }
  }

  /** Moves a message the CMS cannot take aside, never deleting it. */
  private setAside(name: string, why: string): void {
    fs.renameSync(
      path.join(this.options.dir, name),
      path.join(this.options.dir, REFUSED_DIR, name),
    );
    this.log(
      `[contact] Message ${name} could not be delivered (${why}); kept in ${path.join(this.options.dir, REFUSED_DIR)}`,
    );
  }

  private pendingFiles(): string[] {
    return fs
      .readdirSync(this.options.dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  }
}

/** Makes a rename durable: the directory's entry is flushed too (where the system allows it). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.promises.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here (e.g. Windows): the rename itself is atomic
  }
}
