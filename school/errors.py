"""Errors raised by services, carrying messages meant for people."""


class DomainError(Exception):
    """A business rule refused an operation; ``messages`` are translated, user-facing texts."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)
