"""The referral engine's domain: network, cases, referrals and the rules that move them."""
