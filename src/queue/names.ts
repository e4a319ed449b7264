/**
 * The queues' names, apart from the job catalogue so that a command's help can list them
 * without loading BullMQ.
 */
export const QUEUE_NAMES = ['scan', 'inventory', 'alert'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
