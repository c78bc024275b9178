"""Commands on beneficiaries: consent and its revocation, identity, matches, erasure."""
