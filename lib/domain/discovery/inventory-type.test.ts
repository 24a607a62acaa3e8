import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/scanner/rules";
import { inventoryTypeOf } from "./service";

// "Migrate to the vault" files a finding under the inventory type its rule's secretType maps to;
// a rule added without a mapping would land under "other" and drop out of the type facets.
describe("inventoryTypeOf", () => {
  it("gives every scanner rule's secret type an inventory type (only generic and licences are other)", () => {
    const unmapped = [...new Set(RULES.map((r) => r.secretType))].filter((t) => inventoryTypeOf(t) === "other");
    expect(unmapped.sort()).toEqual(["generic", "sidekiq-license"]);
  });

  it("maps by kind where the name says it", () => {
    expect(inventoryTypeOf("private-key")).toBe("private_key");
    expect(inventoryTypeOf("oauth-client-secret")).toBe("oauth_client");
    expect(inventoryTypeOf("webhook")).toBe("webhook_secret");
    expect(inventoryTypeOf("some-new-token")).toBe("token");
    expect(inventoryTypeOf("some-new-key")).toBe("api_key");
  });
});
