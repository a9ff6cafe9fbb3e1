from nlu.feedback_groups import group
from nlu.minilm import SentenceEncoder


def test_alike_messages_are_grouped_together():
    texts = [
        "move my money into savings",
        "what's the weather in Leeds",
        "put some cash into my savings pot",
        "will it rain in Leeds tomorrow",
        "how do I bake bread",
    ]
    groups = group(texts, SentenceEncoder.load().encode)
    as_sets = {frozenset(g) for g in groups}
    assert frozenset({0, 2}) in as_sets
    assert frozenset({1, 3}) in as_sets
    assert frozenset({4}) in as_sets
    assert sorted(i for g in groups for i in g) == list(range(5))


def test_no_messages_no_groups():
    assert group([], lambda texts: None) == []
    assert group(["one"], lambda texts: None) == [[0]]
