"""A dialogue policy that learns nothing: it reads the next action from the tracker.

The lesson list's (lessons/list_policy.py) and the reply to a question's
(nlu/reply_policy.py) policies decide from what the assistant just showed, not from
training stories. Each says its action in `next_action`; this base class gives it to Rasa
with certainty, or no prediction at all when `next_action` returns None, so the rules
decide.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class ReadingPolicy(Policy):
    """Predicts `next_action(tracker)` with certainty; nothing when it is None."""

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # nothing to learn: the tracker says what to do

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self.next_action(tracker)
        probabilities = self._default_predictions(domain)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        raise NotImplementedError
