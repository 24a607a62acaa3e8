import { apiRoute, readJson } from "@/lib/route";
import { MAX_UPLOAD_BYTES } from "@/lib/domain/discovery/schemas";
import { uploadScanResults } from "@/lib/domain/discovery/upload";

/** POST /api/v1/discovery/scans: a CI pipeline's `keyward scan` report, recorded in one transaction. */
export const POST = apiRoute(async ({ req, actor }) => uploadScanResults(actor, await readJson(req, { maxBytes: MAX_UPLOAD_BYTES })), { status: 201 });
