"""Read models of the escalation ladder."""

from dataclasses import dataclass

from casework.calendar import DeadlineUnit


@dataclass(frozen=True)
class Ladder:
    """One network's thresholds for one deadline unit, level -> overdue_by."""

    network_id: int
    unit: DeadlineUnit
    overdue_by: dict[int, int]
