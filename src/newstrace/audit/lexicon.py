"""Word lists the fact-atom extractors use (English news)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "decade": 10,
    "decades": 10,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
    "thirtieth": 30,
    "fiftieth": 50,
    "hundredth": 100,
}
MULTIPLIERS = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "m": 10**6,
    "k": 1000,
}
MONTHS = """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
MONTH_INDEX = {m: (i % 12) + 1 if i < 12 else 0 for i, m in enumerate(MONTHS)}
MONTH_INDEX.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)
WEEKDAYS = """
    monday tuesday wednesday thursday friday saturday sunday
    """.split()

# Words that negate a claim. Lexical negatives (refuse, fail, deny) count too: "has not
# ratified" and "refusal to ratify" have the same polarity.
NEGATION_CUES = frozenset(
    """
    not no never none nobody nothing neither nor without cannot n't refuse refused
    refuses refusing refusal fail failed fails failing failure deny denied denies
    denying reject rejected rejects rejecting unable lack lacked lacks
    """.split()
)

# Verbs that attribute a claim to a speaker or source.
ATTRIBUTION_VERBS = frozenset(
    """
    said says say told tells reported reports reporting announced announces stated
    states added adds noted notes wrote writes claimed claims confirmed confirms
    denied denies insisted insists warned warns argued argues tweeted tweets explained
    explains declared declares revealed reveals quoted emphasized emphasised stressed
    stresses
    """.split()
)

# Capitalised words that are not entity names on their own.
TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir president vice prime minister ministers secretary
    chancellor governor senator sen rep representative mayor king queen prince
    princess pope general gen col lt sgt chief ceo chairman chairwoman director
    spokesman spokeswoman spokesperson judge justice ambassador premier foreign
    interior defence defense public security state deputy former acting head leader
    official officials
    """.split()
)
CONNECTORS = frozenset(
    """
    of and the de del della da van von der al bin la le du for y
    """.split()
)
NOT_NAMES = frozenset(
    """
    i a an the this that these those he she it we they you his her its our their my
    your in on at by for with from as of to but and or if so yet when while after
    before during since until because although though however meanwhile moreover
    notably despite also there here what which who whom whose why how where all some
    many most several each every both no not one on today yesterday tomorrow monday
    tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()
)

# Head nouns after which "X and Y <head>" is one name ("Belt and Road Initiative").
INSTITUTION_HEADS = frozenset(
    """
    initiative party company bank organization organisation council committee agency
    corporation group foundation institute university commission authority association
    forum fund alliance union front movement ministry department trust
    """.split()
)

# Endings stripped so that a place and its adjective compare equal (China/Chinese,
# Hungary/Hungarian, West/Western); longest first.
NAME_SUFFIXES = ("ese", "ian", "ern", "ish", "an", "i", "a", "y", "s")

# Words a reworded quotation may add or drop without changing what was said.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but of to in on at by for with from as is are was were be been it its
    this that these those there here i we you he she they me us him her them my our your
    his their so well very just really also then now oh first all
    """.split()
)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole-word entries of the bundled model's WordPiece vocabulary (about 20k common words).

    A capitalised word at a sentence start that is not among them ("Amrozi") is a name.
    """
    path = resources.files("newstrace").joinpath("models/m2v_minilm_256/tokenizer.json")
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.islower())
