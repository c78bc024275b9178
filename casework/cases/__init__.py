"""Cases: one beneficiary's set of needs, from intake to resolution."""
