import type { z } from "zod";

export type JobContext = {
  /** The JobRun row that shows this job's progress in the UI (when the job has one). */
  jobRunId?: string;
  progress: (done: number, total: number, message?: string) => Promise<void>;
};

/** A job: its payload schema (ids and options only, never secret values) and its handler. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  schema: S;
  handle: (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
};

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
