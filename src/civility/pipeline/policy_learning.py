"""Hold and reject lines learnt from the site's own moderators' decisions.

The system's holds are the one place where a person judged every comment the model doubted, so
the moderators' answers measure, per rule, what the site accepts. Three moves are learnt, each only
where the decisions bound its error, and none is applied here: the result is a policy file an
admin reviews. A hold line rises over the band of a rule's holds that moderators publish; a reject
line falls over the band that moderators reject; and a hold line falls over a band just below it
where moderators rejected, afterwards (after a reader's report, say), enough of the comments the
system published. Most published comments are never reviewed: they count as accepted, so the
share measured there is the least the band holds, and a line falls only where even that is high,
for the comments all the lowered lines would hold together as for each line's own. Reject lines
likewise: each falls only where moderators rejected enough of its own band, and the lines fall
together only while they do for every comment all of them would newly reject; otherwise the least
supported falls no more, and is left out of the changes. A line left where it is although its own
band would move it is reported, with why, among the dropped moves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from civility.domain import CommentStatus, MissedComment, ReasonCategory, ReviewedHold
from civility.pipeline.decide import decide
from civility.pipeline.policy import Policy, Rule

# Rules whose lines the decisions may move. The language rule holds what the models cannot
# read, whatever moderators think of its holds; word lists and authors are the site's own choice.
HOLD_LEARNABLE = frozenset(
    {ReasonCategory.ABUSE, ReasonCategory.OFF_TOPIC, ReasonCategory.SPAM, ReasonCategory.FORMAT}
)
REJECT_LEARNABLE = frozenset({ReasonCategory.ABUSE, ReasonCategory.SPAM})
# Above this a comment is held whatever the decisions say: a person still sees near-certain cases.
MAX_HOLD_LINE = 0.9
# How far one learning may lower a hold line: further down, published comments are many and the
# moderators' decisions on them few, and the query reads only this band below each line.
MAX_LOWERING = 0.2
# One-sided 95% confidence for the bounds on the moderators' rejection share.
Z = 1.645


@dataclass(frozen=True, slots=True)
class Targets:
    """The error a learnt line may make, bounded with 95% confidence over enough decisions."""

    publish_error: float = 0.02  # most moderators would reject of the holds a new line publishes
    reject_precision: float = 0.98  # least moderators rejected of the holds a new line refuses
    min_decisions: int = 50  # fewer decisions in a band move no line
    # Least share of the published comments a lowered hold line would have held that moderators
    # rejected afterwards: "as likely as not" abusive, the meaning of 0.5 in a score.
    catch_share: float = 0.5

    def check(self) -> None:
        """Refuse targets that make no sense."""
        if not 0.0 < self.publish_error < 1.0:
            raise ValueError("publish_error must be between 0 and 1")
        if not 0.5 <= self.reject_precision < 1.0:
            raise ValueError("reject_precision must be at least 0.5 and below 1")
        if self.min_decisions < 1:
            raise ValueError("min_decisions must be at least 1")
        if not 0.0 < self.catch_share < 1.0:
            raise ValueError("catch_share must be between 0 and 1")


@dataclass(frozen=True, slots=True)
class LineChange:
    """One rule's lines before and after, and the decisions that moved them."""

    score: str
    category: ReasonCategory
    line: str  # "hold" or "reject"
    old: float | None
    new: float
    decisions: int  # moderators' decisions in the band the new line moves
    rejected: int  # of which moderators rejected


@dataclass(frozen=True, slots=True)
class DroppedChange:
    """A move its own band justified, not made: with other moves it fails a target together."""

    change: LineChange  # the move as its own band would make it
    together_with: tuple[str, ...]  # the scores of the moves it fails the target with
    reason: str  # in words, for the admin


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a policy would have done with reviewed holds, against what moderators did."""

    reviewed: int
    held: int  # still left for a moderator
    published: int
    published_but_rejected: int  # published by the policy, rejected by the moderator
    rejected: int
    rejected_but_published: int  # refused by the policy, published by the moderator

    @property
    def queue_saved(self) -> float:
        """Share of the reviewed holds that no longer need a moderator."""
        return (self.published + self.rejected) / self.reviewed if self.reviewed else 0.0


@dataclass(frozen=True, slots=True)
class Catch:
    """What lowered hold lines would have done with comments published just below the lines."""

    published: int  # comments published in the bands below the learnable hold lines
    rejected: int  # of which a moderator rejected afterwards
    held: int  # of which the lowered lines would have held
    held_rejected: int  # of those, rejected by a moderator afterwards


@dataclass(frozen=True, slots=True)
class Learned:
    """Lines learnt from every decision, and how the same learning did on the newest ones."""

    policy: Policy
    changes: tuple[LineChange, ...]
    trained_on: int
    tested_on: int  # the newest decisions, left out of a second fit on the older ones
    test_before: Outcome  # the current policy on them: every one stays held
    test_after: Outcome  # the policy learnt from the older decisions on them
    # The newest published comments below the lines, under lines learnt from the older ones.
    test_catch: Catch = Catch(0, 0, 0, 0)
    published_below: int = 0  # comments published in the bands below the lines, learnt from
    # Moves each justified by its own band but left out, the others' together failing a target.
    dropped: tuple[DroppedChange, ...] = ()


def wilson_bounds(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """Lower and upper confidence bounds of a share k/n (Wilson's score interval)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def learn_policy(
    reviewed: Sequence[ReviewedHold],
    policy: Policy,
    targets: Targets,
    *,
    missed: Sequence[MissedComment] = (),
    test_share: float = 0.2,
) -> Learned:
    """Learn lines from every decision; measure the learning on the newest `test_share`.

    `missed`: comments published in the bands below the hold lines (`lowering_bands`), with
    whether moderators rejected them afterwards; without them no hold line falls.
    """
    targets.check()
    ordered = sorted(reviewed, key=lambda item: item.held_at)
    cut = len(ordered) - round(len(ordered) * test_share)
    older, newer = ordered[:cut], ordered[cut:]
    published = sorted(missed, key=lambda item: item.published_at)
    published_cut = len(published) - round(len(published) * test_share)
    from_older, _ = learn_lines(older, policy, targets, published[:published_cut])
    learned, changes, dropped = _learn_lines(ordered, policy, targets, published)
    return Learned(
        policy=learned,
        changes=tuple(changes),
        trained_on=len(older),
        tested_on=len(newer),
        test_before=simulate(newer, policy),
        test_after=simulate(newer, from_older),
        test_catch=catch(published[published_cut:], from_older),
        published_below=len({item.comment_id for item in published}),
        dropped=tuple(dropped),
    )


def lowering_bands(policy: Policy) -> list[tuple[str, float, float]]:
    """(score, low, high): where each learnable rule's hold line may fall, just below it."""
    return [(rule.score, *band) for rule in policy.rules if (band := _lowering_band(rule))]


def _lowering_band(rule: Rule) -> tuple[float, float] | None:
    """[low, high): where the rule's hold line may fall; None when no decision moves it."""
    if rule.hold_at is None or rule.category not in HOLD_LEARNABLE:
        return None
    return max(0.0, round(rule.hold_at - MAX_LOWERING, 6)), rule.hold_at


def catch(missed: Sequence[MissedComment], policy: Policy) -> Catch:
    """How many of the published comments `policy`'s hold lines would have held, and how many
    of those (and of all) moderators rejected afterwards; each comment counted once."""
    held_at = {rule.score: rule.hold_at for rule in policy.rules if rule.hold_at is not None}
    rejected: dict[int, bool] = {}
    held: set[int] = set()
    for item in missed:
        rejected[item.comment_id] = item.rejected
        line = held_at.get(item.score)
        if line is not None and item.value >= line:
            held.add(item.comment_id)
    return Catch(
        published=len(rejected),
        rejected=sum(rejected.values()),
        held=len(held),
        held_rejected=sum(rejected[i] for i in held),
    )


def learn_lines(
    reviewed: Sequence[ReviewedHold],
    policy: Policy,
    targets: Targets,
    missed: Sequence[MissedComment] = (),
) -> tuple[Policy, list[LineChange]]:
    """The policy with every line the decisions justify moved, and the moves."""
    learned, changes, _ = _learn_lines(reviewed, policy, targets, missed)
    return learned, changes


def _learn_lines(
    reviewed: Sequence[ReviewedHold],
    policy: Policy,
    targets: Targets,
    missed: Sequence[MissedComment],
) -> tuple[Policy, list[LineChange], list[DroppedChange]]:
    """`learn_lines`, with the moves justified alone but dropped as failing a target together."""
    # Each reject line meets the precision on its own band; several lowered together may not on
    # the comments they reject between them: the least supported then keeps its line.
    lowered, refused = _rejected_together(
        [
            (rule, change)
            for rule in policy.rules
            if (change := _reject_change(rule, reviewed, targets)) is not None
        ],
        reviewed,
        policy,
        targets,
    )
    policy = policy.with_rules([_moved(rule, change) for rule, change in lowered])
    # A category's raise may reach a rule that held only a few of the comments it publishes, or
    # whose own share of them moderators rejected is over the target although the whole set's is
    # not: such a rule keeps its line, and the raises are chosen again around it.
    frozen: set[str] = set()
    while True:
        raises = _hold_raises(reviewed, policy, targets, frozen)
        raised = [
            replace(
                rule, hold_at=round(min(rule.hold_at + raises[rule.category], _ceiling(rule)), 6)
            )
            for rule in policy.rules
            if rule.hold_at is not None
            and rule.score not in frozen
            and raises.get(rule.category, 0.0) > 0.0
        ]
        held = _hold_changes(reviewed, policy, raised)
        unsupported = {change.score for change in held if not _meets(change, targets)}
        if not unsupported:
            break
        frozen |= unsupported
    # A rule whose holds moderators publish is not also made stricter: the two would disagree.
    moved = {rule.score for rule in raised}
    fallen, uncaught = _caught_together(
        [
            (rule, change)
            for rule in policy.rules
            if rule.score not in moved
            and (change := _hold_lowering(rule, missed, targets)) is not None
        ],
        missed,
        policy,
        targets,
    )
    learned = policy.with_rules(raised + [_moved(rule, change) for rule, change in fallen])
    for rule in learned.rules:
        rule.check()
    changes = [change for _, change in lowered] + held + [change for _, change in fallen]
    return learned, changes, refused + uncaught


def simulate(reviewed: Sequence[ReviewedHold], policy: Policy) -> Outcome:
    """Decide every reviewed hold again under `policy` and count where it parts from moderators."""
    counts = {status: 0 for status in CommentStatus}
    published_but_rejected = rejected_but_published = 0
    # Author trust and pre-moderation are the site's settings, not the rules' lines. Made once:
    # a new Policy hashes its rules.
    rules_only = replace(policy, premoderate=False)
    for item in reviewed:
        status = decide(item.scores, rules_only).status
        counts[status] += 1
        published_but_rejected += status is CommentStatus.PUBLISHED and item.rejected
        rejected_but_published += status is CommentStatus.REJECTED and not item.rejected
    return Outcome(
        reviewed=len(reviewed),
        held=counts[CommentStatus.HELD],
        published=counts[CommentStatus.PUBLISHED],
        published_but_rejected=published_but_rejected,
        rejected=counts[CommentStatus.REJECTED],
        rejected_but_published=rejected_but_published,
    )


def _value(item: ReviewedHold, name: str) -> float | None:
    """The comment's value of one score; None when the scorer failed or did not run."""
    for score in item.scores:
        if score.name == name:
            return None if score.failed else score.value
    return None


def _hold_raises(
    reviewed: Sequence[ReviewedHold], policy: Policy, targets: Targets, frozen: set[str]
) -> dict[ReasonCategory, float]:
    """How far each category's hold lines rise together, chosen greedily on the joint outcome.

    Rules of one category fire together (a rude comment is held for `toxicity` and `insult`), so
    a category's lines rise by one amount; a comment is published only when every rule that held
    it has risen past it, and the error bound covers every comment the raises publish together.
    """
    groups: dict[ReasonCategory, list[Rule]] = {}
    for rule in policy.rules:
        if (
            rule.hold_at is not None
            and rule.category in HOLD_LEARNABLE
            and rule.score not in frozen
        ):
            groups.setdefault(rule.category, []).append(rule)
    if not groups:
        return {}
    # Held by a rule no decision moves (word lists, language, a failed scorer): stays held.
    unmoved = replace(policy, premoderate=False).with_rules(
        [replace(rule, hold_at=None) for rules in groups.values() for rule in rules]
    )
    room = {
        category: max(_ceiling(rule) - (rule.hold_at or 0.0) for rule in rules)
        for category, rules in groups.items()
    }
    candidates = [
        (_margins(item, groups), item.rejected)
        for item in reviewed
        if decide(item.scores, unmoved).status is CommentStatus.PUBLISHED
    ]
    raises = dict.fromkeys(groups, 0.0)
    while True:
        best: tuple[int, ReasonCategory, float] | None = None
        for category in groups:
            found = _best_raise(candidates, raises, category, room[category], targets)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], category, found[1])
        if best is None:
            return raises
        raises[best[1]] = best[2]


def _meets(change: LineChange, targets: Targets) -> bool:
    """Whether a raised rule's own band of published holds meets the targets."""
    return (
        change.decisions >= targets.min_decisions
        and wilson_bounds(change.rejected, change.decisions)[1] <= targets.publish_error
    )


def _ceiling(rule: Rule) -> float:
    """The highest a rule's hold line may rise: below its reject line and MAX_HOLD_LINE."""
    return min(MAX_HOLD_LINE, rule.reject_at if rule.reject_at is not None else 1.0)


def _margins(
    item: ReviewedHold, groups: dict[ReasonCategory, list[Rule]]
) -> dict[ReasonCategory, float]:
    """Per category, how far above its hold line the comment's highest score is: -inf where the
    category does not hold it, +inf where a score is at its rule's ceiling (no raise publishes it).
    """
    margins = {}
    for category, rules in groups.items():
        above = []
        for rule in rules:
            value = _value(item, rule.score)
            if rule.hold_at is None or value is None or value < rule.hold_at:
                continue
            above.append(math.inf if value >= _ceiling(rule) else value - rule.hold_at)
        margins[category] = max(above, default=-math.inf)
    return margins


def _best_raise(
    candidates: list[tuple[dict[ReasonCategory, float], bool]],
    raises: dict[ReasonCategory, float],
    category: ReasonCategory,
    room: float,
    targets: Targets,
) -> tuple[int, float] | None:
    """The largest raise of one category within the targets, given the others' raises: how many
    reviewed holds the raises would then publish in all, and the raise. None: no better raise."""
    free = [
        (margins[category], rejected)
        for margins, rejected in candidates
        if all(margins[other] < raises[other] for other in raises if other != category)
    ]
    published = sum(1 for margin, _ in free if margin < raises[category])
    rejected = sum(was for margin, was in free if margin < raises[category])
    band = sorted((m, was) for m, was in free if raises[category] <= m < room)
    best = None
    for taken, (margin, was_rejected) in enumerate(band, start=1):
        rejected += was_rejected
        following = band[taken][0] if taken < len(band) else room
        total = published + taken
        if following == margin or total < targets.min_decisions:
            continue  # a line cannot part equal values
        if wilson_bounds(rejected, total)[1] <= targets.publish_error:
            best = (total, _line_between(margin, following))
    return best


def _hold_changes(
    reviewed: Sequence[ReviewedHold], policy: Policy, raised: list[Rule]
) -> list[LineChange]:
    """Each raised rule's change, counted over the holds of that rule the raises publish."""
    learned = replace(policy, premoderate=False).with_rules(raised)
    published = [
        item for item in reviewed if decide(item.scores, learned).status is CommentStatus.PUBLISHED
    ]
    changes = []
    for rule in raised:
        old = policy.rule_for(rule.score)
        assert old is not None and old.hold_at is not None and rule.hold_at is not None
        band = [
            item
            for item in published
            if (value := _value(item, rule.score)) is not None and value >= old.hold_at
        ]
        rejected = sum(item.rejected for item in band)
        changes.append(
            LineChange(
                rule.score, rule.category, "hold", old.hold_at, rule.hold_at, len(band), rejected
            )
        )
    return changes


def _reject_change(
    rule: Rule, reviewed: Sequence[ReviewedHold], targets: Targets
) -> LineChange | None:
    """Lower the reject line over the highest band of holds moderators reject."""
    if rule.hold_at is None or rule.category not in REJECT_LEARNABLE:
        return None
    band = sorted(
        (
            (value, item.rejected)
            for item in reviewed
            if (value := _value(item, rule.score)) is not None and value >= rule.hold_at
        ),
        reverse=True,
    )
    best = None
    rejected = 0
    for taken, (value, was_rejected) in enumerate(band, start=1):
        rejected += was_rejected
        following = band[taken][0] if taken < len(band) else None
        if following == value or taken < targets.min_decisions:
            continue
        if wilson_bounds(rejected, taken)[0] >= targets.reject_precision:
            below = rule.hold_at if following is None else following
            best = (max(rule.hold_at, _line_between(below, value)), taken, rejected)
    if best is None or (rule.reject_at is not None and best[0] >= rule.reject_at):
        return None
    return LineChange(rule.score, rule.category, "reject", rule.reject_at, *best)


def _hold_lowering(
    rule: Rule, missed: Sequence[MissedComment], targets: Targets
) -> LineChange | None:
    """Lower a hold line while the published comments just above the new line, the last
    `min_decisions` of them, were rejected afterwards at least `catch_share` of the time, as was
    the whole band (95% bounds, unreviewed comments counted as accepted).

    The window keeps a band where moderators rejected most comments from carrying the line on
    into one below it where they rejected few, as a share over the whole band would.
    """
    limits = _lowering_band(rule)
    if limits is None:
        return None
    low, high = limits
    band = sorted(
        (
            (item.value, item.rejected)
            for item in missed
            if item.score == rule.score and low <= item.value < high
        ),
        reverse=True,
    )
    window = targets.min_decisions
    best = None
    rejected = recent = 0
    for taken, (value, was_rejected) in enumerate(band, start=1):
        rejected += was_rejected
        recent += was_rejected - (band[taken - window - 1][1] if taken > window else 0)
        if taken < window:
            continue
        if wilson_bounds(recent, window)[0] < targets.catch_share:
            break
        following = band[taken][0] if taken < len(band) else None
        if following == value:
            continue
        if wilson_bounds(rejected, taken)[0] >= targets.catch_share:
            below = low if following is None else following
            best = (_line_between(below, value), taken, rejected)
    if best is None:
        return None
    return LineChange(rule.score, rule.category, "hold", high, *best)


def _caught_together(
    fallen: list[tuple[Rule, LineChange]],
    missed: Sequence[MissedComment],
    policy: Policy,
    targets: Targets,
) -> tuple[list[tuple[Rule, LineChange]], list[DroppedChange]]:
    """The lowerings whose lines, all lowered together, still hold comments moderators rejected
    at least `catch_share` of the time (95% bound), dropping the least supported first.

    Each lowering meets the share alone, but two lines over the same rejected comments and
    different accepted ones hold more accepted comments together than either does alone.
    The lowerings dropped come second, with why.
    """

    def meets(lowered: Policy) -> bool:
        together = catch(missed, lowered)
        return wilson_bounds(together.held_rejected, together.held)[0] >= targets.catch_share

    kept, dropped = _together(fallen, policy, meets)
    return kept, _dropped(
        dropped,
        "it would hold published comments that moderators rejected afterwards less often than "
        f"the {_percent(targets.catch_share)} target asks",
    )


def _rejected_together(
    lowered: list[tuple[Rule, LineChange]],
    reviewed: Sequence[ReviewedHold],
    policy: Policy,
    targets: Targets,
) -> tuple[list[tuple[Rule, LineChange]], list[DroppedChange]]:
    """The reject lowerings whose lines, all lowered together, still refuse holds moderators
    rejected at least `reject_precision` of the time (95% bound), dropping the least supported
    first.

    Each lowering meets the precision on its own band, but lines over the same rejected holds and
    different published ones refuse more published holds together than any one does alone. The
    holds counted are those the lowered lines refuse and `policy` does not: lines that only fall
    refuse every hold `policy` refuses, so the difference of the two outcomes counts them.
    The lowerings dropped come second, with why.
    """
    before = simulate(reviewed, policy)

    def meets(after: Policy) -> bool:
        outcome = simulate(reviewed, after)
        newly = outcome.rejected - before.rejected
        published = outcome.rejected_but_published - before.rejected_but_published
        return wilson_bounds(newly - published, newly)[0] >= targets.reject_precision

    kept, dropped = _together(lowered, policy, meets)
    return kept, _dropped(
        dropped,
        "it would reject holds moderators published more often than the "
        f"{_percent(targets.reject_precision)} target allows",
    )


def _together(
    moves: list[tuple[Rule, LineChange]],
    policy: Policy,
    meets: Callable[[Policy], bool],
) -> tuple[list[tuple[Rule, LineChange]], list[tuple[LineChange, tuple[str, ...]]]]:
    """The moves, less the least supported (lowest bound on its band's share moderators
    rejected) one at a time, until `policy` with all that are left moved `meets` the target.
    A single move is kept: it met the target on its own band. Second: each move dropped, in
    order, with the scores of the moves left with it when together they failed the target."""
    kept = list(moves)
    dropped = []
    while len(kept) > 1:
        if meets(policy.with_rules([_moved(rule, change) for rule, change in kept])):
            break
        least = min(kept, key=lambda pair: wilson_bounds(pair[1].rejected, pair[1].decisions))
        kept.remove(least)
        dropped.append((least[1], tuple(change.score for _, change in kept)))
    return kept, dropped


def _dropped(
    dropped: list[tuple[LineChange, tuple[str, ...]]], failing: str
) -> list[DroppedChange]:
    """The dropped moves with their reason: together with the others, `failing`."""
    return [
        DroppedChange(change, others, f"together with {_listed(others)} {failing}")
        for change, others in dropped
    ]


def _listed(names: tuple[str, ...]) -> str:
    """Names in words: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _percent(share: float) -> str:
    """A share as a percentage without trailing zeros: 0.98 is "98%", 0.985 "98.5%"."""
    return f"{share * 100:g}%"


def _moved(rule: Rule, change: LineChange) -> Rule:
    """The rule with the line `change` moves at its new place."""
    if change.line == "hold":
        return replace(rule, hold_at=change.new)
    return replace(rule, reject_at=change.new)


def _line_between(low: float, high: float) -> float:
    """A line above `low` and at most `high`, rounded down to three decimals where that fits."""
    rounded = math.floor(high * 1000) / 1000
    return rounded if rounded > low else high
