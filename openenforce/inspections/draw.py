"""The random draw, algorithm ``oe-draw/1``: pure functions, no database.

``docs/draws.md`` specifies every byte of it so that anyone can re-implement it; this
module is the reference implementation used by the services, the public export, the
``verify-draw`` command and the benchmark. In short:

* the lists (targets with their stratum, inspectors with their group, recusal
  exclusions) are canonical texts: UTF-8 lines ``a TAB b LF`` in ascending byte order,
  hashed with SHA-256;
* the parameters (ratios per stratum in basis points, inspectors per target per group,
  the list digests and the seed commitment ``SHA-256(seed)``) are canonical JSON;
* targets are ranked within their stratum by ``SHA-256(K_s ‖ id)`` with the stratum key
  ``K_s = SHA-256(seed ‖ "oe-draw/1 target" 0 stratum)``, and the ``ceil(n × ratio /
  10000)`` lowest of each stratum are drawn;
* the drawn targets, in rank order, each receive ``quota`` inspectors of every group,
  the least loaded first, ties broken by ``SHA-256(K_i ‖ id ‖ 0 ‖ load)`` with
  ``K_i = SHA-256(seed ‖ "oe-draw/1 inspector")``, skipping inspectors excluded for
  that target (declared conflicts, last inspection).

The lists stay as bytes: parsing is a split of the whole text, validation a handful of
scans in C, and the per-target work one single-block SHA-256 (docs/draws.md §11).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import operator
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress, repeat

ALGORITHM = "oe-draw/1"
EXPORT_FORMAT = "openenforce.draw/1"
#: ``oe-draw/2``: the seed is derived from every party's reveal (docs/draws.md §1); the
#: selection and assignment are ``oe-draw/1``'s, unchanged.
ALGORITHM_2 = "oe-draw/2"
EXPORT_FORMAT_2 = "openenforce.draw/2"
FORMATS = {EXPORT_FORMAT: ALGORITHM, EXPORT_FORMAT_2: ALGORITHM_2}
_HEX64 = re.compile(r"[0-9a-f]{64}")
SEED_BYTES = 32
RATIO_SCALE = 10_000  # ratios are integers in basis points: 20% = 2000
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")  # inside a value: no TAB, no LF, no control
_LINE_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")

Pair = tuple[str, str]


class DrawError(ValueError):
    """The inputs cannot be drawn (a malformed list, or too few eligible inspectors)."""

    def __init__(self, message: str, *, code: str, detail: Mapping | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.detail = dict(detail or {})


# -- canonical texts ----------------------------------------------------------------------


def check_value(value: str, what: str) -> None:
    """A value of a list: non-empty, no control character (so no TAB or LF)."""
    if not value or _CONTROL.search(value.encode()):
        raise DrawError(f"invalid {what}: {value!r}", code="draw_bad_value", detail={what: value})


def canonical_text(pairs: Iterable[Pair], what: str = "value") -> bytes:
    """``a TAB b LF`` per pair, in ascending byte order of the lines. Because no value
    holds a byte below 0x20, this is also the order of the (a, b) pairs."""
    lines = []
    for a, b in pairs:
        check_value(a, what)
        check_value(b, what)
        lines.append(f"{a}\t{b}\n".encode())
    lines.sort()
    return b"".join(lines)


def split_text(text: bytes, what: str, *, unique_first: bool) -> tuple[list[bytes], list[bytes]]:
    """The two columns of a canonical text, after checking it is one: UTF-8, two non-empty
    values per line, no control bytes, lines strictly ascending (first values strictly
    ascending when they must be unique)."""
    bad = DrawError(f"{what}: not a canonical list", code="draw_bad_list", detail={"list": what})
    if not text:
        return [], []
    lines = text.count(b"\n")
    if (
        not text.endswith(b"\n")
        or text.count(b"\t") != lines
        or text.startswith((b"\t", b"\n"))
        or b"\t\n" in text
        or b"\n\t" in text
        or b"\n\n" in text
        or _LINE_CONTROL.search(text)
    ):
        raise bad
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        raise bad from None
    flat = text.replace(b"\n", b"\t").split(b"\t")
    first, second = flat[0:-1:2], flat[1::2]
    keys = first if unique_first else text.split(b"\n")[:-1]
    if not all(map(operator.lt, keys, keys[1:])):
        raise DrawError(
            f"{what}: lines not in ascending order or repeated",
            code="draw_unsorted_list",
            detail={"list": what},
        )
    return first, second


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(value: object) -> bytes:
    """JSON with sorted keys, no spaces, UTF-8 (not ASCII-escaped); integers and strings only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seed_commitment(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


def new_seed() -> bytes:
    return secrets.token_bytes(SEED_BYTES)


def derive_seed(reveals: Mapping[str, bytes]) -> bytes:
    """``oe-draw/2``: ``SHA-256("oe-draw/2 seed" ‖ (0x00 ‖ party ‖ 0x00 ‖ reveal)…)``, the
    parties in ascending byte order of their names (docs/draws.md §1). Changing any one
    party's reveal changes the seed; no party alone can choose it."""
    parts = sorted((name.encode(), value) for name, value in reveals.items())
    return hashlib.sha256(
        b"oe-draw/2 seed" + b"".join(b"\x00" + name + b"\x00" + value for name, value in parts)
    ).digest()


def is_commitment(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def check_reveal(party: str, reveal: bytes, commitment: str) -> None:
    """A party's reveal: 32 bytes whose SHA-256 is the commitment it published."""
    if len(reveal) != SEED_BYTES:
        raise DrawError(
            f"the reveal of {party} is not 32 bytes",
            code="draw_bad_reveal",
            detail={"party": party},
        )
    if seed_commitment(reveal) != commitment:
        raise DrawError(
            f"the reveal of {party} does not match its commitment",
            code="draw_reveal_mismatch",
            detail={"party": party},
        )


@dataclass(frozen=True)
class DrawInput:
    """Everything a draw depends on but the seed. The lists are canonical texts;
    ``ratios`` are basis points per stratum (a stratum without one draws nothing);
    ``quotas`` are inspectors per target per group."""

    plan: str
    targets: bytes  # target id TAB stratum
    inspectors: bytes  # inspector id TAB group
    exclusions: bytes  # inspector id TAB target id
    ratios: Mapping[str, int]
    quotas: Mapping[str, int]
    seed_commitment: str
    #: ``oe-draw/2`` only: party → SHA-256 of the party's 32-byte reveal (hex).
    commitments: Mapping[str, str] = field(default_factory=dict)
    #: ``oe-draw/2`` only: the draw runs at the earliest this many seconds after the
    #: witnesses cosigned the announcement (a rule of the draw, announced with it).
    delay_seconds: int = 0

    @property
    def algorithm(self) -> str:
        return ALGORITHM_2 if self.commitments else ALGORITHM

    @classmethod
    def from_pairs(
        cls,
        *,
        plan: str,
        targets: Iterable[Pair],
        inspectors: Iterable[Pair],
        exclusions: Iterable[Pair],
        ratios: Mapping[str, int],
        quotas: Mapping[str, int],
        seed_commitment: str = "",
        commitments: Mapping[str, str] | None = None,
        delay_seconds: int = 0,
    ) -> DrawInput:
        return cls(
            plan=plan,
            targets=canonical_text(targets, "target"),
            inspectors=canonical_text(inspectors, "inspector"),
            exclusions=canonical_text(set(exclusions), "exclusion"),
            ratios=dict(ratios),
            quotas=dict(quotas),
            seed_commitment=seed_commitment,
            commitments=dict(commitments or {}),
            delay_seconds=delay_seconds,
        )

    def check_parameters(self) -> None:
        for stratum, ratio in self.ratios.items():
            check_value(stratum, "stratum")
            if type(ratio) is not int or not 0 <= ratio <= RATIO_SCALE:
                raise DrawError(f"ratio of {stratum!r} out of range", code="draw_bad_ratio")
        quotas = self.quotas.values()
        if not self.quotas or any(type(q) is not int or q < 1 for q in quotas):
            raise DrawError("every group needs a quota of at least 1", code="draw_bad_quota")
        for group in self.quotas:
            check_value(group, "group")
        if sum(quotas) < 2:
            raise DrawError("at least two inspectors per target", code="draw_two_inspectors")
        if type(self.delay_seconds) is not int or self.delay_seconds < 0:
            raise DrawError("the delay is a whole number of seconds", code="draw_bad_delay")
        for party, commitment in self.commitments.items():
            check_value(party, "party")
            if not is_commitment(commitment):
                raise DrawError(
                    f"the commitment of {party} is not 64 lower-case hexadecimal digits",
                    code="draw_bad_commitment",
                    detail={"party": party},
                )

    def seed_from(self, seed: bytes | Mapping[str, bytes]) -> bytes:
        """The draw's seed, checked against what was committed: for ``oe-draw/1`` the seed
        itself; for ``oe-draw/2`` every party's reveal, from which the seed is derived."""
        if not self.commitments:
            if not isinstance(seed, bytes | bytearray):
                raise DrawError("oe-draw/1 takes one seed", code="draw_seed_mismatch")
            if len(seed) != SEED_BYTES or seed_commitment(seed) != self.seed_commitment:
                raise DrawError("the seed does not match its commitment", code="draw_seed_mismatch")
            return bytes(seed)
        if not isinstance(seed, Mapping) or set(seed) != set(self.commitments):
            missing = sorted(set(self.commitments) - set(seed if isinstance(seed, Mapping) else ()))
            raise DrawError(
                f"not every party has revealed: {', '.join(missing) or 'unknown parties'}",
                code="draw_reveal_missing",
                detail={"parties": missing},
            )
        for party, reveal in seed.items():
            check_reveal(party, reveal, self.commitments[party])
        return derive_seed(seed)

    def digests(self) -> dict[str, str]:
        return {
            "targets_sha256": digest(self.targets),
            "inspectors_sha256": digest(self.inspectors),
            "exclusions_sha256": digest(self.exclusions),
        }

    def parameters(self) -> dict:
        """The published parameters: everything the draw depends on except the seed (for
        ``oe-draw/2``, every party's commitment instead of the one seed commitment)."""
        seed = (
            {"commitments": dict(self.commitments), "delay_seconds": int(self.delay_seconds)}
            if self.commitments
            else {"seed_commitment": self.seed_commitment}
        )
        return {
            "algorithm": self.algorithm,
            "plan": self.plan,
            "ratios": {k: int(v) for k, v in self.ratios.items()},
            "quotas": {k: int(v) for k, v in self.quotas.items()},
            **seed,
            **self.digests(),
        }


def parameters_digest(parameters: Mapping) -> str:
    return digest(canonical_json(parameters))


# -- the draw -----------------------------------------------------------------------------


@dataclass
class DrawResult:
    """The drawn targets in rank order, as lines ``target TAB stratum (TAB inspector)… LF``."""

    lines: list[bytes] = field(default_factory=list)

    @property
    def tasks(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(target id, stratum, inspector ids) per drawn target, in rank order."""
        rows = (line[:-1].decode().split("\t") for line in self.lines)
        return [(row[0], row[1], tuple(row[2:])) for row in rows]

    def text(self) -> bytes:
        return b"".join(self.lines)

    def digest(self) -> str:
        return digest(self.text())

    def loads(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _t, _s, inspectors in self.tasks:
            for inspector in inspectors:
                counts[inspector] = counts.get(inspector, 0) + 1
        return counts


def sample_size(n: int, ratio: int) -> int:
    """``ceil(n × ratio / 10000)`` in integers."""
    return (n * ratio + RATIO_SCALE - 1) // RATIO_SCALE


def stratum_key(seed: bytes, stratum: bytes) -> bytes:
    """``K_s = SHA-256(seed ‖ "oe-draw/1 target" ‖ 0x00 ‖ stratum)``: the ranking key of a
    stratum, 32 bytes, so that ``K_s ‖ id`` fits one SHA-256 block for ids up to 23 bytes."""
    return hashlib.sha256(seed + b"oe-draw/1 target\x00" + stratum).digest()


def inspector_key(seed: bytes) -> bytes:
    """``K_i = SHA-256(seed ‖ "oe-draw/1 inspector")``: the key of the tie-breaks."""
    return hashlib.sha256(seed + b"oe-draw/1 inspector").digest()


def select_targets(
    ids: list[bytes], strata: list[bytes], ratios: Mapping[str, int], seed: bytes
) -> list[bytes]:
    """The drawn targets as ``score ‖ id ‖ TAB ‖ stratum`` (score: 32 bytes), ascending;
    comparing these byte strings compares (score, id), since a score has a fixed length."""
    sha256, drawn = hashlib.sha256, []
    for stratum in sorted(set(strata)):
        k = sample_size(strata.count(stratum), ratios.get(stratum.decode(), 0))
        if not k:
            continue
        members = compress(ids, map(operator.eq, strata, repeat(stratum)))
        key, suffix = stratum_key(seed, stratum), b"\t" + stratum
        keyed = [sha256(key + t).digest() + t for t in members]
        drawn += [line + suffix for line in lowest(keyed, k)]
    drawn.sort()  # the strata are sorted runs: a merge
    return drawn


def lowest(keyed: list[bytes], k: int) -> list[bytes]:
    """The ``k`` smallest of ``keyed`` in ascending order, where each starts with a
    uniformly random score. Exact whatever the scores: only the items whose first four
    bytes fall below a bound chosen to keep a few more than ``k`` are sorted, and if the
    bound keeps too few (improbable), everything is."""
    n = len(keyed)
    if k >= n:
        return sorted(keyed)
    expected = k + 8 * math.isqrt(k) + 64  # about eight standard deviations above k
    bound = -(-expected * 2**32 // n)
    if bound < 2**32:
        below = bound.to_bytes(4, "big")  # item < below  ⇔  its first 4 bytes < bound
        kept = [item for item in keyed if item < below]
        if len(kept) >= k:
            kept.sort()
            return kept[:k]
    keyed.sort()
    return keyed[:k]


class _Group:
    """The inspectors of one group ordered as a priority queue on ``load ‖ tie-break ‖ id``.

    Equivalent to a heap (docs/draws.md states the rule as one), but faster: loads stay
    balanced, so entries come out level by level. ``current`` holds every entry of the
    lowest load present, sorted descending (the next one is at the end); ``pending`` holds
    the higher loads until their turn, when they are sorted once."""

    __slots__ = ("current", "pending")

    def __init__(self, entries: list[bytes]) -> None:
        entries.sort(reverse=True)
        self.current = entries
        self.pending: dict[bytes, list[bytes]] = {}

    def pop(self) -> bytes:
        if not self.current:
            if not self.pending:
                raise IndexError("no inspector left")
            level = min(self.pending)
            self.current = self.pending.pop(level)
            self.current.sort(reverse=True)
        return self.current.pop()

    def put_back(self, entries: list[bytes]) -> None:
        """Entries popped but not used (excluded): they are the lowest, back at the end."""
        self.current.extend(reversed(entries))

    def add(self, entry: bytes) -> None:
        """A used inspector with its load increased."""
        current = self.current
        if current and entry[:4] <= current[0][:4]:
            current.append(entry)
            current.sort(reverse=True)  # rare: only when a level ends within one target
        else:
            self.pending.setdefault(entry[:4], []).append(entry)


def assign_inspectors(  # noqa: C901 - the draw's hot loop, one function for speed (docs/draws.md)
    drawn: list[bytes],
    inspectors: tuple[list[bytes], list[bytes]],
    exclusions: tuple[list[bytes], list[bytes]],
    quotas: Mapping[str, int],
    seed: bytes,
) -> DrawResult:
    """Give each drawn target ``quotas[g]`` inspectors of every group ``g``: least loaded
    first, ties by ``SHA-256(K_i ‖ id ‖ 0x00 ‖ load)``, never one excluded for it.

    An entry is ``load (4 bytes, big-endian) ‖ tie-break (32 bytes) ‖ inspector id``, so
    priority order is byte order. Chosen inspectors return with load + 1 once the
    target has all its inspectors; skipped (excluded) ones return unchanged."""
    barred: dict[bytes, set[bytes]] = {}
    for inspector, target in zip(*exclusions, strict=True):
        barred.setdefault(target, set()).add(inspector)
    sha256, key = hashlib.sha256, inspector_key(seed)
    head: list[bytes] = []  # load → its 4-byte prefix
    tail: list[bytes] = []  # load → 0x00 ‖ decimal digits, the end of the tie-break input

    def grow(load: int) -> None:
        while len(head) <= load:
            head.append(len(head).to_bytes(4, "big"))
            tail.append(b"\x00" + str(len(tail)).encode())

    grow(64)
    wanted = {group.encode(): quota for group, quota in quotas.items()}
    members: dict[bytes, list[bytes]] = {group: [] for group in wanted}
    loads: dict[bytes, int] = {}
    for inspector, group in zip(*inspectors, strict=True):
        if group in members:
            members[group].append(head[0] + sha256(key + inspector + tail[0]).digest() + inspector)
            loads[inspector] = 0
    plan = [(group, _Group(members[group]), wanted[group]) for group in sorted(wanted)]

    def renew(queue: _Group, inspector: bytes) -> None:
        """Put a chosen inspector back with its load increased (and a new tie-break)."""
        load = loads[inspector] + 1
        loads[inspector] = load
        if load >= len(head):
            grow(load * 2)
        entry = head[load] + sha256(key + inspector + tail[load]).digest() + inspector
        current = queue.current
        if current and entry[:4] <= current[0][:4]:
            queue.add(entry)
        else:
            queue.pending.setdefault(entry[:4], []).append(entry)

    def one(line: bytes, excluded: set[bytes] | None) -> bytes:
        """One target, the general way: any exclusions, any level boundary."""
        for group, queue, need in plan:
            try:
                picked = _pick_excluding(queue, need, excluded or frozenset())
            except IndexError:
                raise _short_of_inspectors(group, line) from None
            for inspector in picked:
                renew(queue, inspector)
                line += b"\t" + inspector
        return line + b"\n"

    # the positions in ``drawn`` of targets with exclusions, ascending
    barred_at = [
        n for n, line in enumerate(drawn) if barred and line[32 : line.index(b"\t", 32)] in barred
    ]

    def run_length(start: int) -> int:
        """How many targets from ``start`` can be served at once: every group's lowest
        level (all one load) holds enough entries for all of them, so no chosen inspector
        can come back within the run and slicing is exact; and no target in the run would
        be given an inspector excluded for it (a target with exclusions that none of its
        slice hits gets what the general way would give it)."""
        room = len(drawn) - start
        for _group, queue, need in plan:
            current = queue.current
            if not current or current[0][:4] != current[-1][:4]:
                return 0
            room = min(room, len(current) // need)
        first = bisect.bisect_left(barred_at, start)
        for position in barred_at[first : bisect.bisect_left(barred_at, start + room, first)]:
            line = drawn[position]
            excluded = barred[line[32 : line.index(b"\t", 32)]]
            offset = position - start
            for _group, queue, need in plan:
                current = queue.current
                last = len(current) - 1 - offset * need
                if any(current[last - j][36:] in excluded for j in range(need)):
                    return offset
        return room

    lines: list[bytes] = []
    index = 0
    while index < len(drawn):
        count = run_length(index)
        if count == 0:
            line = drawn[index][32:]
            lines.append(one(line, barred.get(line[: line.index(b"\t")])))
            index += 1
            continue
        batch = [score_line[32:] for score_line in drawn[index : index + count]]
        for _group, queue, need in plan:
            current = queue.current
            taken = current[-count * need :]
            del current[-count * need :]
            taken.reverse()
            chosen = [entry[36:] for entry in taken]
            load = int.from_bytes(taken[0][:4], "big") + 1
            if load >= len(head):
                grow(load * 2)
            for inspector in chosen:
                loads[inspector] = load
            after, level = tail[load], head[load]
            renewed = [level + sha256(key + i + after).digest() + i for i in chosen]
            queue.pending.setdefault(level, []).extend(renewed)
            batch = [
                line + b"\t" + b"\t".join(chosen[n * need : (n + 1) * need])
                for n, line in enumerate(batch)
            ]
        lines += [line + b"\n" for line in batch]
        index += count
    return DrawResult(lines)


def _pick_excluding(queue: _Group, need: int, excluded: set[bytes]) -> list[bytes]:
    """Pop the ``need`` first inspectors not in ``excluded``; put the skipped ones back."""
    picked, skipped = [], []
    try:
        while len(picked) < need:
            item = queue.pop()  # IndexError when the group runs out
            if item[36:] in excluded:
                skipped.append(item)
            else:
                picked.append(item[36:])
    finally:
        queue.put_back(skipped)
    return picked


def _short_of_inspectors(group: bytes, line: bytes) -> DrawError:
    target = line.split(b"\t", 1)[0].decode()
    return DrawError(
        f"not enough eligible inspectors in group {group.decode()!r} for target {target!r}",
        code="draw_not_enough_inspectors",
        detail={"group": group.decode(), "target": target},
    )


def run_draw(data: DrawInput, seed: bytes | Mapping[str, bytes]) -> DrawResult:
    """The whole draw from checked inputs; refuses a seed (``oe-draw/1``) or a reveal
    (``oe-draw/2``: ``seed`` maps each party to its reveal) that is not the committed one."""
    seed = data.seed_from(seed)
    data.check_parameters()
    ids, strata = split_text(data.targets, "targets", unique_first=True)
    inspectors = split_text(data.inspectors, "inspectors", unique_first=True)
    exclusions = split_text(data.exclusions, "exclusions", unique_first=False)
    drawn = select_targets(ids, strata, data.ratios, seed)
    return assign_inspectors(drawn, inspectors, exclusions, data.quotas, seed)


# -- the public export and its verification -----------------------------------------------


def export_document(
    data: DrawInput,
    *,
    seed: bytes | None,
    result: DrawResult | None,
    about: Mapping,
    reveals: Mapping[str, bytes | None] | None = None,
) -> dict:
    """The public JSON export: the lists as their canonical texts, the parameters, the seed
    (once revealed; for ``oe-draw/2`` also each party's reveal, ``null`` until made) and
    the result (once drawn). ``about`` is descriptive only."""
    parameters = data.parameters()
    doc = {
        "format": EXPORT_FORMAT_2 if data.commitments else EXPORT_FORMAT,
        "algorithm": data.algorithm,
        "about": dict(about),
        "parameters": parameters,
        "parameters_sha256": parameters_digest(parameters),
        "seed": seed.hex() if seed is not None else None,
        "targets": data.targets.decode(),
        "inspectors": data.inspectors.decode(),
        "exclusions": data.exclusions.decode(),
        "result": result.text().decode() if result is not None else None,
        "result_sha256": result.digest() if result is not None else None,
    }
    if data.commitments:
        given = reveals or {}
        doc["reveals"] = {
            party: (value.hex() if (value := given.get(party)) is not None else None)
            for party in sorted(data.commitments)
        }
    return doc


@dataclass
class Verification:
    """What ``verify_document`` found, keeping apart what it could check:

    * ``consistent``: the export agrees with itself (list digests, parameters digest,
      seed commitment or every party's reveal, the re-run result) — anyone could forge a
      self-consistent export;
    * ``authentic``: the parameters digest and seed commitment were compared with those
      published at the announcement (given by the caller) and matched; ``None`` when
      nothing announced was given, so authenticity was not checked.

    ``ok`` means no difference was found in what was checked; the public answers (API and
    ``verify-draw``) only say ``ok`` when both consistency and authenticity hold
    (docs/draws.md §7)."""

    differences: list[str] = field(default_factory=list)
    authenticity_differences: list[str] = field(default_factory=list)
    drawn: int = 0
    parameters_sha256: str = ""
    seed_commitment: str = ""
    commitments: dict[str, str] = field(default_factory=dict)
    authentic: bool | None = None

    @property
    def consistent(self) -> bool:
        return not self.differences

    @property
    def ok(self) -> bool:
        return self.consistent and self.authentic is not False


def _text(doc: Mapping, key: str) -> bytes:
    value = doc.get(key)
    if not isinstance(value, str):
        raise DrawError(f"{key}: expected the list as text", code="draw_bad_export")
    return value.encode()


def input_from_document(doc: Mapping) -> DrawInput:
    if not isinstance(doc, Mapping) or doc.get("format") not in FORMATS:
        raise DrawError("not an openenforce.draw/1 or /2 export", code="draw_bad_export")
    algorithm = FORMATS[doc["format"]]
    params = doc.get("parameters")
    if not isinstance(params, dict) or params.get("algorithm") != algorithm:
        raise DrawError(f"the parameters do not name algorithm {algorithm}", code="draw_bad_export")
    ratios, quotas = params.get("ratios"), params.get("quotas")
    if not isinstance(ratios, dict) or not isinstance(quotas, dict):
        raise DrawError("ratios and quotas must be objects", code="draw_bad_export")
    commitments = params.get("commitments") if algorithm == ALGORITHM_2 else {}
    if not isinstance(commitments, dict) or (algorithm == ALGORITHM_2 and len(commitments) < 2):
        raise DrawError(
            "commitments must be an object naming at least two parties", code="draw_bad_export"
        )
    if not all(isinstance(k, str) and is_commitment(v) for k, v in commitments.items()):
        raise DrawError(
            "each commitment is 64 lower-case hexadecimal digits", code="draw_bad_export"
        )
    delay = params.get("delay_seconds", 0) if commitments else 0
    if type(delay) is not int or delay < 0:
        raise DrawError("delay_seconds must be a non-negative integer", code="draw_bad_export")
    return DrawInput(
        plan=str(params.get("plan", "")),
        targets=_text(doc, "targets"),
        inspectors=_text(doc, "inspectors"),
        exclusions=_text(doc, "exclusions"),
        ratios=ratios,
        quotas=quotas,
        seed_commitment=str(params.get("seed_commitment", "")) if not commitments else "",
        commitments=commitments,
        delay_seconds=delay,
    )


def _hex_bytes(value: object) -> bytes:
    try:
        return bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        return b""


def _document_seed(doc: Mapping, data: DrawInput, diff) -> bytes | Mapping[str, bytes] | None:
    """The seed (``oe-draw/1``) or the parties' reveals (``oe-draw/2``) in the export,
    after checking each against its commitment; None (with the difference named) if not."""
    if not data.commitments:
        seed = _hex_bytes(doc.get("seed"))
        if len(seed) != SEED_BYTES:
            diff("seed: not revealed, or not 32 bytes in hexadecimal")
            return None
        if seed_commitment(seed) != data.seed_commitment:
            diff("seed: its SHA-256 is not the seed commitment")
            return None
        return seed
    given = doc.get("reveals")
    reveals: dict[str, bytes] = {}
    for party, commitment in sorted(data.commitments.items()):
        value = _hex_bytes(given.get(party) if isinstance(given, Mapping) else None)
        if len(value) != SEED_BYTES:
            diff(f"reveals: {party} has not revealed, or not 32 bytes in hexadecimal")
        elif seed_commitment(value) != commitment:
            diff(f"reveals: the reveal of {party} does not hash to its commitment")
        else:
            reveals[party] = value
    if len(reveals) != len(data.commitments):
        return None
    derived = derive_seed(reveals).hex()
    if doc.get("seed") is not None and doc.get("seed") != derived:
        diff(f"seed: the reveals derive {derived}")
    return reveals


def verify_document(
    doc: Mapping,
    *,
    expected_parameters_sha256: str | None = None,
    expected_seed_commitment: str | None = None,
) -> Verification:
    """Re-run a published draw from its export and name everything that differs.

    Consistency: the lists are re-hashed and compared with the digests in the parameters,
    the parameters with ``parameters_sha256``, the seed with its commitment (``oe-draw/2``:
    each party's reveal with its commitment); then the draw is re-run and its result
    compared line by line with the published one.

    Authenticity, only when the caller gives what was published at the announcement: the
    parameters digest and/or the seed commitment are compared with the export's. The
    parameters hold the commitments, so a matching parameters digest also fixes them.
    """
    report = Verification()
    diff = report.differences.append
    compare = bool(expected_parameters_sha256 or expected_seed_commitment)
    report.authentic = False if compare else None  # False until compared below
    try:
        data = input_from_document(doc)
    except DrawError as exc:
        diff(f"export: {exc}")
        return report
    params = doc["parameters"]
    for name, value in data.digests().items():
        if params.get(name) != value:
            diff(f"{name}: the list hashes to {value}, the parameters say {params.get(name)}")
    actual = parameters_digest(params)
    report.parameters_sha256 = actual
    report.seed_commitment = data.seed_commitment
    report.commitments = dict(data.commitments)
    if doc.get("parameters_sha256") != actual:
        diff(f"parameters_sha256: the parameters hash to {actual}")
    if compare:
        _compare_announced(report, expected_parameters_sha256, expected_seed_commitment)
    seed = _document_seed(doc, data, diff)
    if seed is None:
        return report
    try:
        result = run_draw(data, seed)
    except DrawError as exc:
        diff(f"draw: {exc}")
        return report
    report.drawn = len(result.lines)
    _compare_results(result, doc, diff)
    return report


def _compare_announced(
    report: Verification, parameters_sha256: str | None, commitment: str | None
) -> None:
    wrong = report.authenticity_differences.append
    if parameters_sha256 and parameters_sha256 != report.parameters_sha256:
        wrong(
            f"parameters_sha256: announced {parameters_sha256}, published {report.parameters_sha256}"
        )
    if commitment and commitment != report.seed_commitment:
        wrong(f"seed_commitment: announced {commitment}, published {report.seed_commitment}")
    report.authentic = not report.authenticity_differences


def _compare_results(result: DrawResult, doc: Mapping, diff) -> None:
    mine = result.text()
    published = doc.get("result")
    if not isinstance(published, str):
        diff("result: not published")
        return
    if published.encode() != mine:
        theirs_lines = published.split("\n")
        mine_lines = mine.decode().split("\n")
        shown = 0
        for index, (a, b) in enumerate(zip(theirs_lines, mine_lines, strict=False)):
            if a != b and shown < 20:
                diff(f"result line {index + 1}: published “{a}”, the draw gives “{b}”")
                shown += 1
        if len(theirs_lines) != len(mine_lines):
            diff(
                f"result: {len(theirs_lines) - 1} targets published, "
                f"the draw gives {len(mine_lines) - 1}"
            )
    if doc.get("result_sha256") != digest(mine):
        diff(f"result_sha256: the draw hashes to {digest(mine)}")
