"""Chinese replies to a yes-or-no question (nlu/zh/replies.py): a yes, a no, or a wait."""

import pytest

from nlu.zh.replies import reply_kind


@pytest.mark.parametrize(
    "text",
    ["对", "是的", "好", "好的", "可以", "行", "嗯", "嗯。", "对对对", "好的，谢谢", "可以啊",
     "没错", "没问题", "好吧", "嗯嗯", "OK", "對", "好的好的"],
)  # fmt: skip
def test_yes(text):
    assert reply_kind(text) == "affirm"


@pytest.mark.parametrize(
    "text",
    ["不", "不要", "不用", "算了", "别", "不对", "不行", "没有", "不用了，谢谢", "嗯，不用了",
     "不，是五十块", "別", "不要了"],
)  # fmt: skip
def test_no(text):
    assert reply_kind(text) == "deny"


@pytest.mark.parametrize(
    "text",
    ["等一下", "等等", "我想想", "让我想想", "稍等", "好的，等一下", "不知道", "嗯……", "呃",
     "等一下哦", "讓我想想"],
)  # fmt: skip
def test_a_wait_is_never_a_yes(text):
    assert reply_kind(text) == "hesitate"


@pytest.mark.parametrize(
    "text",
    ["对不起", "好像不对", "可以吗", "你好", "不好意思", "不客气", "不明白", "没关系", "是我",
     "行不行", "转五十块", ""],
)  # fmt: skip
def test_neither_a_yes_nor_a_no(text):
    """Words that open like a yes or a no and say something else: the classifier decides."""
    assert reply_kind(text) is None
