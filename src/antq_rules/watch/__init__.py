"""Live watch: incidents as they are reported → units that lost, or are about to lose, the standard.

A :class:`Watcher` is built from a pack and a set of units; it takes messages one at a time (a new
incident, an update to one, a change of indicators, the date moving on) and returns the alerts they
raise: ``lost``, ``restored``, ``at_risk`` (with what would still excuse the incident),
``share_threatened`` and ``deadline_near``, each with its citations, its cause and the unit's current
status per criterion. Its rules are generated from the pack (:func:`watch_rules`); they run on a plain
Python backend, or on durable_rules with the ``live`` extra (``backend="durable"``).

>>> import antq_rules
>>> pack = antq_rules.shipped_pack("vn.bca.tt124")
>>> w = Watcher(pack, [{"id": "T1", "subject": "kdc", "kind": "thon"}], 2026)
>>> step = w.feed({"unit": "T1", "id": "E1", "type": "crime", "date": "2026-03-02",
...                "severity": "nghiem_trong", "detected_promptly": True, "mitigation_applied": True,
...                "reported_immediately": None})
>>> [(a.kind, a.citations[0][0]) for a in step.alerts]
[('at_risk', 'TT124.KDC.4b')]
>>> [(a.kind, a.citations[0][0]) for a in w.feed({"op": "update", "unit": "T1", "id": "E1",
...                                                "reported_immediately": False}).alerts]
[('lost', 'TT124.KDC.4b')]
"""

from antq_rules.watch._durable import durable_available
from antq_rules.watch._model import ALERT_KINDS, Alert, Cause, WatchError
from antq_rules.watch._rules import DeadlineRule, EventRoute, ShareRule, WatchRules, watch_rules
from antq_rules.watch._watcher import BACKENDS, MAX_LINE_CHARS, Step, Watcher

__all__ = [
    "ALERT_KINDS",
    "BACKENDS",
    "MAX_LINE_CHARS",
    "Alert",
    "Cause",
    "DeadlineRule",
    "EventRoute",
    "ShareRule",
    "Step",
    "WatchError",
    "WatchRules",
    "Watcher",
    "durable_available",
    "watch_rules",
]
