import { describe, expect, it } from "vitest";
import { getRequestActor } from "@/lib/actor";
import { createApiToken } from "@/lib/domain/tokens/service";
import { makeActor } from "@/lib/testing/fixtures";
import { requestMetaOf } from "./request-meta";

const getter = (h: Record<string, string>) => (n: string) => h[n] ?? null;

describe("requestMetaOf", () => {
  it("takes the client address by lib/client-ip's policy, the user agent cut to 300 characters and the client's request id", () => {
    const meta = requestMetaOf(getter({ "x-forwarded-for": "203.0.113.7, 10.0.0.1", "user-agent": "a".repeat(400), "x-request-id": "req-1" }), "10.9.9.9");
    expect(meta).toEqual({ ip: "203.0.113.7", userAgent: "a".repeat(300), requestId: "req-1" });
  });

  it("falls back to the peer, no user agent and a fresh request id", () => {
    const a = requestMetaOf(getter({}), "10.9.9.9");
    const b = requestMetaOf(getter({}));
    expect(a).toMatchObject({ ip: "10.9.9.9", userAgent: null });
    expect(b.ip).toBeNull();
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.requestId).not.toBe(a.requestId);
  });
});

describe("getRequestActor", () => {
  it("gives a personal-token caller the request's address, user agent and request id", async () => {
    const { actor } = await makeActor("developer");
    const { token } = await createApiToken(actor, { name: "request-meta" });
    const req = new Request("http://127.0.0.1/api/v1/secrets", {
      headers: { authorization: `Bearer ${token}`, "x-real-ip": "198.51.100.9", "user-agent": "keyward-cli/1", "x-request-id": "req-2" },
    });
    expect(await getRequestActor(req)).toMatchObject({ kind: "token", ip: "198.51.100.9", userAgent: "keyward-cli/1", requestId: "req-2" });
  });
});
