"""The published code list a case is closed or withdrawn with (without an outcome): reports
count by it, and its words are in texts/labels.py. A code, not free text, so that nothing
said about the person is kept."""

from enum import StrEnum


class CloseReason(StrEnum):
    """Why a case ends without being resolved."""

    CLIENT_REQUEST = "client_request"  # the beneficiary asked to stop
    LOST_CONTACT = "lost_contact"
    MOVED_AWAY = "moved_away"
    SERVED_ELSEWHERE = "served_elsewhere"
    DUPLICATE = "duplicate"  # the same person's case is kept elsewhere
    OTHER = "other"
