"""Single sign-on with OpenID Connect beside local accounts (docs/guide/sso.md, ADR 0013).

A Django app of its own (label `sso`) inside accounts, so that its model and migrations stay
apart from the accounts app's. mozilla-django-oidc does the protocol (authorization code flow
with PKCE, state, nonce, the ID token's signature); this package adds what Målbild needs:

- `config`: the instance's provider and rules, read from settings (env `MALBILD_OIDC_*`);
- `backends`: `OidcBackend` (validates issuer, audience and expiry too, and finds the user
  through `services`) and `LocalPasswordBackend` (password login, refused for people of an
  organisation whose local login is switched off);
- `services`: match a verified identity to a user (subject, then verified e-mail, then a new
  account) and grant the roles of its group claims;
- `views`: start, callback, the login page's SSO part and the provider's end-session on
  logout."""
