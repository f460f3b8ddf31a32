import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import type { Logger } from './log.ts';

/** What `main.ts` builds once and hands to every module (tests build the same with PGlite and fakes). */
export interface Deps {
  readonly database: Database;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
}
