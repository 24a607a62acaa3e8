// Accounts of the test OpenID provider (e2e/oidc-provider.ts). `invited` matches a Keyward user
// the e2e seed invites; `stranger` has no Keyward account and must be refused.
export const SSO_ACCOUNTS = {
  invited: { login: "ivy", password: "ivy-idp-password", email: "ivy.invited@e2e.keyward.test", name: "Ivy Invited" },
  stranger: { login: "stan", password: "stan-idp-password", email: "stan.stranger@e2e.keyward.test", name: "Stan Stranger" },
} as const;

export const SSO_NAME = "Test IdP";
