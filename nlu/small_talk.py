"""Words that are no request: a pleasantry ("how are you today love"), a loss ("my
husband died") or a complaint ("i was charged twice"). The classifier may put them
anywhere; actions/conversation/kind_words.py answers them kindly.
"""

from __future__ import annotations

import re

# "how are you today love", "are you well".
_HOW_ARE_YOU = re.compile(
    r"\bhow (?:are|r) (?:you|u)\b|\bhow'?s (?:it going|your day|you)\b|\bare you (?:well|ok)\b",
    re.IGNORECASE,
)
# "its cold here isnt it", "lovely day today" (not "what's the weather like": a question).
_WEATHER = re.compile(
    r"\b(?:cold|hot|warm|chilly|freezing|lovely|nice|wet|rainy|windy|sunny)\b"
    r".{0,20}\b(?:here|today|out|outside|day|weather|morning|afternoon)\b|\bweather\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\s*(?:what|will|is it going|how|when|where)\b", re.IGNORECASE)

# "my husband died", "my late wife's account".
_BEREAVED = re.compile(
    r"\b(?:died|dead|passed (?:away|on)|death|bereave\w*|funeral|widow\w*|"
    r"late (?:husband|wife|mother|father|mum|dad|partner|son|daughter|brother|sister))\b",
    re.IGNORECASE,
)
# "i want to make a complaint", "i was charged twice".
_COMPLAINT = re.compile(
    r"\b(?:complain\w*|complaint|charged (?:me )?twice|not happy|unhappy|disgusted|"
    r"treated (?:badly|rudely|poorly)|rude)\b",
    re.IGNORECASE,
)
# A loss before a complaint: "i am not happy, my husband died" is a loss.
_LIFE_EVENTS = (("bereavement", _BEREAVED), ("complaint", _COMPLAINT))

# "bye", "that's all for today", "good night": the customer is leaving. "I'm fine thanks"
# or "he's a good boy", which the classifier may take for a goodbye, are not.
_FAREWELL = re.compile(
    r"\b(?:bye|goodbye|good-?bye|bye-?bye|see (?:you|ya)|cheerio|ta-?ta|farewell|"
    r"good ?night|that'?s (?:all|everything|it)|that is (?:all|everything|it)|"
    r"nothing (?:else|more)|i'?m done|i am done|all done|talk (?:to you )?later|"
    r"have a (?:good|nice|lovely) (?:day|evening|night|weekend)|i'?ll go now|i must go|"
    r"i have to go|got to go|gotta go|log(?:ging)? (?:me )?(?:out|off)|"
    r"sign(?:ing)? (?:me )?(?:out|off))\b",
    re.IGNORECASE,
)


def says_goodbye(text: str) -> bool:
    """`text` takes leave, in so many words (or is the goodbye button's payload)."""
    return text.startswith("/") or bool(_FAREWELL.search(text))


def asks_how_i_am(text: str) -> bool:
    return bool(_HOW_ARE_YOU.search(text))


def remarks_on_the_weather(text: str) -> bool:
    """ "lovely day today"; "what's the weather like" is a question, no remark."""
    return bool(_WEATHER.search(text)) and not _ASKS.match(text)


def life_event(text: str) -> str | None:
    """ "bereavement", "complaint", or None when the message tells of neither."""
    for topic, pattern in _LIFE_EVENTS:
        if pattern.search(text):
            return topic
    return None
