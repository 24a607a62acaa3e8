// Test helpers: create a connector through the domain and run it the way the worker does
// (processJob with the discovery.run payload), against real sources the tests start.
import type { Job } from "bullmq";
import { systemActor } from "@/lib/authz/authorize";
import { db } from "@/lib/db";
import { createConnector, requestDiscoveryRun } from "@/lib/domain/discovery/service";
import type { TConnectorCreateInput } from "@/lib/domain/discovery/schemas";
import { processJob } from "@/lib/jobs/processor";
import { uid } from "@/lib/testing/fixtures";

export const sys = systemActor("test");

export async function makeConnector(input: Omit<TConnectorCreateInput, "name"> & { name?: string }) {
  return createConnector(sys, { name: `${input.kind}-${uid()}`, ...input });
}

/** Runs the connector as the worker would; returns the JobRun and DiscoveryRun rows after it. */
export async function runConnector(connectorId: string, opts: { expectFailure?: boolean } = {}) {
  const { jobRunId } = await requestDiscoveryRun(sys, connectorId, { enqueue: false });
  const job = {
    id: `test-${jobRunId}`,
    name: "discovery.run",
    data: { connectorId, jobRunId },
    attemptsMade: 0,
    opts: { attempts: 1 },
    updateProgress: async () => undefined,
  } as unknown as Job;
  let error: unknown = null;
  try {
    await processJob(job);
  } catch (e) {
    error = e;
  }
  if (error && !opts.expectFailure) throw error;
  const jobRun = await db.jobRun.findUniqueOrThrow({ where: { id: jobRunId } });
  const run = await db.discoveryRun.findUniqueOrThrow({ where: { jobRunId } });
  const connector = await db.connector.findUniqueOrThrow({ where: { id: connectorId } });
  return { jobRun, run, connector, error };
}
