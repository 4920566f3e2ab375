/**
 * Every use of an API token is logged (`api_token_use`, and the token's last use and count). Uses are
 * kept in memory and written in one transaction at most every second, so a busy client does not
 * make each of its requests wait for a write; `flush` writes what is waiting (on close, and in tests).
 * A use is lost only if the process dies within that second.
 */
import { appendTokenUses, type ApiTokenUse } from '../../storage/api-tokens.js';
import type { Store } from '../../storage/database.js';
import { transaction } from '../../storage/transaction.js';

export type { ApiTokenUse };

export class TokenUseLog {
  private pending: ApiTokenUse[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 1000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  record(use: ApiTokenUse): void {
    this.pending.push(use);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush().catch(this.onError);
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes every use recorded so far. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing
      .catch(() => {})
      .then(() =>
        batch.length ? transaction(this.store.db, (trx) => appendTokenUses(trx, batch)) : undefined,
      );
    return this.writing;
  }
}
