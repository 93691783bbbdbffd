/** Default topic names of the Kafka transport (each is configurable). */

/** Results of remote activities, from every worker, keyed by instance id. */
export const DEFAULT_RESULT_TOPIC = 'orq.activity.results';
/** Records that could not be parsed, validated or routed, with the reason in headers. */
export const DEFAULT_DEAD_LETTER_TOPIC = 'orq.dead-letter';

/** The task topic of an activity type by convention: `orq.tasks.<activityType>`. */
export function taskTopicFor(activityType: string): string {
  return `orq.tasks.${activityType}`;
}
