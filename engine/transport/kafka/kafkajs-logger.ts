/**
 * kafkajs logs through the engine's Logger. kafkajs reports at ERROR the broker responses it
 * retries by itself (coordinator loading, rebalancing: see docs/decisions/0001), so those become
 * warnings here; our own code reports what really failed.
 */
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../logger.js';

export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const text = `kafkajs: ${message}`;
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(extra, text);
      else if (level === logLevel.INFO) logger.info(extra, text);
      else logger.debug(extra, text);
    };
}
