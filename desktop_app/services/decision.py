"""Whether the operator may do something now, and why not: what the window enables and says."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """Whether an action is open to the operator now; ``reason`` says why not (empty if open)."""

    allowed: bool
    reason: str
