"""A reply in Chinese to a yes-or-no question: a yes, a no, or a wait.

`reply_kind` names the reply by the intent the English words of it are trained as
(domain.yml): "affirm", "deny" or "hesitate" (someone thinking, whom the assistant
waits for). nlu/replies.py reads English replies against the question asked; it has no
such function, as the classifier names English yeses and noes.

- A wait anywhere in the message is a wait, never a yes: "等一下", "等等", "我想想",
  "稍等", "好的，等一下", "不知道" (not knowing yet), and a lone "呃" or "嗯……".
- A yes is a message of yes words and small words only: "对", "是的", "好", "好的",
  "可以", "行", "嗯", "没错", "好的，谢谢", "对对对". "对不起" ("sorry"), "好像" ("it
  seems"), "可以吗" (a question back) are no yes.
- A no opens the message: "不", "不要", "不用", "算了", "别", "没有", "不对", "嗯，不用了",
  "不，是五十块"; except the words that open with one and say something else: "不好意思"
  ("excuse me"), "不客气", "不明白", "没关系".
- Anything else is None: the classifier decides.
"""

from __future__ import annotations

import re
from typing import Literal

from nlu.zh.text import simplified

Reply = Literal["affirm", "deny", "hesitate"]

_WAIT = (
    "等一下", "等一等", "等等", "等会", "等一会", "等下", "稍等", "先等", "慢着", "别急", "不急",
    "想想", "想一想", "考虑", "不知道", "不确定", "不清楚", "说不好", "不好说", "拿不准",
    "没想好",
)  # fmt: skip
_THINKING = re.compile(r"[嗯呃额唔]+(?:…+|\.{2,}|。{2,})|[呃额]+")
_YES = (
    "是的", "是啊", "是呀", "是", "对的", "对啊", "对呀", "对", "好的", "好啊", "好呀", "好吧",
    "好", "可以", "行", "嗯", "没错", "不错", "没问题", "确定", "确认", "同意", "当然", "要",
    "继续", "就这样", "ok", "okay", "yes",
)  # fmt: skip
_SMALL = (
    "了", "的", "啊", "呀", "吧", "哦", "噢", "喔", "啦", "嘛", "哈", "那就", "那", "就",
    "谢谢你", "谢谢您", "谢谢", "多谢", "麻烦你", "麻烦您", "麻烦了", "请",
)  # fmt: skip
# Longest first: "好的" is one word, not "好" and "的".
_VOCABULARY = sorted((*_YES, *_SMALL), key=len, reverse=True)
_NO = ("不", "别", "算了", "没有", "没", "甭", "no")
# Words that open with a no and say something else.
_NOT_NO = ("不好意思", "不客气", "不明白", "不懂", "不太懂", "没听", "没关系", "没事")
_OPENING_SOUNDS = re.compile(r"^(?:嗯|哦|噢|呃|啊|那个|那)+")
_NOT_WORDS = re.compile(r"[\s\W_]+")  # punctuation, spaces, ellipses


def reply_kind(text: str) -> Reply | None:
    """Whether `text` is a yes, a no or a wait (module docstring), or None."""
    said = simplified(text).strip().lower()
    if _THINKING.fullmatch(said) or any(w in said for w in _WAIT):
        return "hesitate"
    words = _NOT_WORDS.sub("", said)
    if not words:
        return None
    if _only_yes(words):
        return "affirm"
    opening = _OPENING_SOUNDS.sub("", words)
    if opening.startswith(_NOT_NO):
        return None
    return "deny" if opening.startswith(_NO) else None


def _only_yes(words: str) -> bool:
    """`words` are yes words and small words, one yes at least: "好的谢谢", "嗯嗯"."""
    yes = False
    while words:
        said = next((w for w in _VOCABULARY if words.startswith(w)), None)
        if said is None:
            return False
        yes = yes or said in _YES
        words = words[len(said) :]
    return yes
