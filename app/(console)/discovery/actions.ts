"use server";
import { requireActor } from "@/lib/actor";
import { createConnector, deleteConnector, requestDiscoveryRun, testConnector, updateConnector } from "@/lib/domain/discovery/service";
import { runAction, type TActionResult } from "@/lib/form-action";

// Thin: the connector form builds the input object (config and credentials by the kind's
// schema) and the domain function validates it.

export async function createConnectorAction(input: unknown): Promise<TActionResult & { id?: string }> {
  let id = "";
  const res = await runAction(async () => {
    id = (await createConnector(await requireActor(), input)).id;
  });
  return res.ok ? { ...res, id } : res;
}

export async function updateConnectorAction(connectorId: string, input: unknown): Promise<TActionResult> {
  return runAction(async () => updateConnector(await requireActor(), connectorId, input), { message: "Saved." });
}

export async function deleteConnectorAction(connectorId: string): Promise<TActionResult> {
  return runAction(async () => deleteConnector(await requireActor(), connectorId), { message: "Deleted." });
}

/** Run now: returns the JobRun id the page polls (GET /api/v1/jobs/{id}). */
export async function runConnectorAction(connectorId: string): Promise<TActionResult & { jobRunId?: string }> {
  let jobRunId = "";
  const res = await runAction(async () => {
    jobRunId = (await requestDiscoveryRun(await requireActor(), connectorId)).jobRunId;
  });
  return res.ok ? { ...res, jobRunId } : res;
}

export async function testConnectorAction(connectorId: string): Promise<TActionResult> {
  let out = { ok: false, message: "" };
  const res = await runAction(async () => {
    out = await testConnector(await requireActor(), connectorId);
  });
  return res.ok ? { ok: out.ok, message: out.message, code: out.ok ? undefined : "bad_request" } : res;
}
