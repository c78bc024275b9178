"""The per-client limiter of the public slip page."""

from service.ratelimit import SlidingWindowLimiter


def test_a_client_waits_until_its_oldest_attempt_leaves_the_window():
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.allow("clinic") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("another clinic")
    now[0] = 59.9
    assert not limiter.allow("clinic")
    now[0] = 60.1
    assert limiter.allow("clinic")
