"""Whether the operator may do something now, and why not: what the window enables and says."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """Whether an action is open to the operator now; ``reason`` says why not (empty if open)."""

    allowed: bool
    reason: str


@dataclass(frozen=True)
class DecisionPlan:
    """What deciding many requests would touch, by product; which are left out and why."""

    allowed: tuple[str, ...]
    """The ids of the requests the operator may decide now, in the order asked."""
    products: tuple[tuple[str, int], ...]
    """``Cloud Mail (PRD-…)`` and how many of ``allowed`` are for it, most first."""
    left_out: tuple[tuple[str, int], ...]
    """Each reason a request is left out (:class:`Decision`'s words) and how many, most first."""

    @property
    def left_out_count(self) -> int:
        """How many requests asked for are left out."""
        return sum(n for _reason, n in self.left_out)


@dataclass(frozen=True)
class BulkOutcome:
    """What one batch of decisions changed."""

    decided: tuple[str, ...]
    """The ids of the requests now accepted or ignored."""
    left_out: int
    """Requests of the batch the operator could not decide (already decided, another vendor's)."""
