"""The partnership network: members, what they offer, and the memorandum that binds them."""
