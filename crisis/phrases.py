"""Words that sound like acute crisis, and words of resisting it: the one curated list, and how it is read.

`reading(text)` says whether a person's words hold a phrase of acute crisis
(kill myself, end my life, want to die, suicidal, self-harm, hurt myself, …),
read as whole words and phrases, whatever the case or the apostrophes. Near such
a phrase, words of resisting or recovering ("didn't", "without", "resisted",
"no … for 10 days", "called my sister", "reached out") make it a victory instead:
"30 days without self-harm" is resisting, not crisis.

Everyday figures of speech must never match ("I'm dying to see her", "killing it
at work", "suicide squad"), so each phrase is as narrow as its meaning and
carries the everyday uses that follow it. The test set in
tests/test_crisis_phrases.py measures precision and recall: change this list
with that file open.

Nothing here stores, logs or counts anything: it reads a string and answers.
"""

import bisect
import enum
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache


class Kind(enum.StrEnum):
    NONE = "none"
    CRISIS = "crisis"
    RESISTING = "resisting"


@dataclass(frozen=True)
class Phrase:
    concern: str  # what it is about; the card shows again only for a concern the text did not hold before
    pattern: str  # over the normalised words: lower case, no apostrophes, single spaces
    unless_after: str = ""  # the everyday uses: what follows the phrase
    unless_before: str = ""  # …or what comes just before it


SUICIDE, SELF_HARM = "suicide", "self-harm"

# Things a person says that follow "kill myself" or "want to die" in jest or effort.
_IN_JEST = r"laughing|with laughter|of laughter"
# Not a drug: "overdosed on Netflix", "overdosed on coffee".
_DRUGS = (
    r"(?:(?:my|the|some|a few|all|all of my|all my|his|her|their|mums|dads|\w+s) )?(?:\w+ )?"
    r"(?:pills|meds|medication|medicine|medicines|tablets|paracetamol|tylenol|acetaminophen|aspirin|ibuprofen|"
    r"painkillers|sleeping|antidepressants|insulin|drugs|heroin|opioids|opiates|fentanyl|xanax|benzos|pain killers)"
)
_BODY = r"(?:wrists?|arms?|legs?|thighs?|skin|stomach|hips?)"
_ACCIDENT = (
    r"shaving|chopping|cooking|slicing|peeling|opening|baking|gardening|making|ironing|"
    r"on (?:a|an|the|some|my|his|her|glass|paper)|with (?:a|the) (?:kitchen|bread|vegetable)|"
    r"by accident|accidentally|in the (?:kitchen|garden|gym)|a (?:slice|piece|bit)|an? \w+ of|some|"
    r"while (?:chopping|cooking|shaving|slicing|peeling|opening|making|gardening|cleaning|washing|doing|fixing)"
)
_SPORT = (
    r"at (?:the )?(?:gym|work|training|practice|football|rugby|the park)|playing|lifting|running|"
    r"exercising|climbing|skiing|skating|falling|while|on (?:a|an|the|my)|by accident|accidentally|doing|moving"
)

PHRASES: tuple[Phrase, ...] = (
    # Suicide, in so many words.
    Phrase(
        SUICIDE,
        r"suicid(?!es(?!\w))\w*",
        unless_after=(
            r"squad|sprints?|drills?|doors?|runs?|king|blonde|prevention|awareness|rates?|statistics|research|"
            r"bomb\w*|mission|training|course|charity|walk"
        ),
        unless_before=r"ran|run|running|did|do|doing",
    ),
    Phrase(SUICIDE, r"(?:kill|killed|unalive|unaliving|unalived) my ?self", unless_after=_IN_JEST),
    Phrase(
        SUICIDE,
        r"killing my ?self",
        unless_after=_IN_JEST + r"|at (?:work|the gym|training)|with work|trying|to (?:finish|get|make|meet|keep)",
    ),
    Phrase(
        SUICIDE,
        r"(?:end|ending|ended) (?:my|it) (?:own )?(?:life|all)",
        unless_after=r"insurance|savings|policy|policies|story|lease",
    ),
    Phrase(
        SUICIDE,
        r"(?:want|wanted|wanting|going|planning|plan|ready|decided|could|will|gonna|should|might|would|just) "
        r"(?:to )?(?:just )?end (?:it|things)(?: (?:all|tonight|now|today|for good|here))?(?! \w)",
    ),
    # "Thinking of ending it with him" is a break-up: only the words ending the sentence count.
    Phrase(
        SUICIDE,
        r"(?:thinking (?:of|about)|thought (?:of|about)|considering|close to) ending (?:it|things|everything)"
        r"(?: (?:all|tonight|now|today|for good))?(?! \w)",
    ),
    Phrase(SUICIDE, r"(?:want|wants|wanted|wanting) (?:it|everything) (?:all )?to end"),
    Phrase(
        SUICIDE,
        r"(?:take|taking|took) my (?:own )?life",
        unless_after=r"back|into|in|seriously|forward|more|one|as|savings|story|insurance|lessons?|goals|choices",
    ),
    Phrase(
        SUICIDE,
        r"(?:want|wants|wanted|wanting|wanna|ready|deserve|deserved|wish) (?:to )?(?:just )?die",
        # "die my hair" is dye spelt as it sounds.
        unless_after=(
            r"of \w+|" + _IN_JEST + r"|happy|old|for|with|in peace|a little|(?:my|her|his|it|the) ?(?:hair|roots)"
            r"|on (?:this|that|the|a) hill"
        ),
        unless_before=r"battery|phone|laptop|car|plants?|printer|computer|it",
    ),
    Phrase(SUICIDE, r"wish (?:i|id) (?:could|would|had) (?:just )?(?:die|died|not woken up)"),
    Phrase(
        SUICIDE,
        r"wish (?:i|id) (?:was|were|had been) (?:dead|never born|gone|not alive|not here)"
        r"|wish (?:i|id) (?:wasnt|werent) (?:alive|here|born)"
        r"|wish (?:i|id) (?:didnt|did not) (?:exist|wake up)",
    ),
    Phrase(SUICIDE, r"(?:better off|rather be) dead|better off if i (?:was|were|died|wasnt here|werent here)"),
    Phrase(SUICIDE, r"(?:want|wanted|wanting|wanna|just want) (?:to )?be dead|might as well be dead"),
    Phrase(
        SUICIDE,
        r"(?:cant|can not|cannot|couldnt) (?:go on|keep going|carry on|keep on) (?:living|being alive)"
        r"|(?:cant|can not|cannot) go on (?:anymore|any more|like this anymore|like this any more)",
    ),
    Phrase(SUICIDE, r"wish (?:i|id) (?:had )?never (?:been born|existed|woken up)"),
    Phrase(SUICIDE, r"disappear (?:and never come back|forever|for good)"),
    Phrase(SUICIDE, r"(?:would|id|d) rather die", unless_after=r"than"),
    Phrase(SUICIDE, r"(?:better|happier|easier) (?:off )?without me"),
    Phrase(SUICIDE, r"stop (?:existing|being alive)|(?:want|wanted|wanna) to stop living"),
    Phrase(
        SUICIDE,
        r"(?:no|dont have a|dont have any|not a single) (?:reason|point) (?:to|in|of) "
        r"(?:live|living|keep living|go on|going on|being alive|being here|carry on|carrying on|stay alive|"
        r"staying alive)",
        unless_after=r"in|near|with|there|here|at|on|by|somewhere|together|alone|like",
    ),
    Phrase(SUICIDE, r"no point (?:in )?(?:living|being alive|going on)"),
    Phrase(SUICIDE, r"nothing (?:left )?to live for"),
    Phrase(SUICIDE, r"(?:isnt|is not|aint|not) worth (?:living|being alive)"),
    Phrase(SUICIDE, r"tired of (?:living|being alive)"),
    Phrase(
        SUICIDE,
        r"(?:dont|do not|dont even|do not even) want to (?:live|exist|be alive|be here anymore|be here any more)",
        unless_after=r"in|with|on|at|near|there|here|like|without|by|alone|together|somewhere|a life",
    ),
    Phrase(
        SUICIDE,
        r"(?:dont|do not) want to wake up",
        unless_after=r"early|at|so early|for|in time|tomorrow at|today at",
    ),
    Phrase(SUICIDE, r"hope (?:i|id) (?:dont|never|do not|wont) wake up|sleep and never wake up"),
    Phrase(
        SUICIDE,
        r"(?:no one|nobody|noone) (?:would|will) (?:miss me|notice if i (?:died|was gone|disappeared)"
        r"|care if i (?:died|was gone|were gone|disappeared|wasnt here))",
    ),
    Phrase(
        SUICIDE,
        r"(?:jump|jumped|jumping) (?:off|from|in front of) (?:a|the) "
        r"(?:bridge|building|roof|cliff|train|car|bus|truck|lorry|balcony|tower|car park)",
    ),
    Phrase(SUICIDE, r"(?:hang|hanging|hanged) my ?self"),
    Phrase(
        SUICIDE,
        r"(?:overdos\w*|an od\b)",
        unless_after=rf"on (?!{_DRUGS})\w+",
    ),
    Phrase(
        SUICIDE,
        r"(?:took|take|taking|swallow|swallowed|swallowing) (?:all|all of) (?:my|the) (?:pills|tablets|meds|medication)"
        r"|too many (?:\w+ )?(?:pills|tablets|painkillers|paracetamol)",
    ),
    # Self-harm.
    Phrase(
        SELF_HARM,
        r"self ?(?:harm\w*|injur\w*|mutilat\w*)",
        unless_after=r"awareness|training|course|research|statistics|workshop|charity|policy|policies|module|nurse",
    ),
    Phrase(SELF_HARM, r"(?:hurt|hurting|harm|harming|harmed) my ?self", unless_after=_SPORT),
    Phrase(
        SELF_HARM,
        r"(?:cut|cutting|burn|burned|burnt|burning|scratch|scratched|scratching) my ?self",
        unless_after=_ACCIDENT + r"|with (?:hot|boiling|the (?:kettle|iron|oven|pan|stove))|at work",
    ),
    Phrase(SELF_HARM, r"(?:cut|cutting|slit|slitting|slash|slashed) (?:my|both) " + _BODY, unless_after=_ACCIDENT),
    # "Wanted to cut but went for a walk instead": a bare "cut" only where nothing is being cut.
    Phrase(
        SELF_HARM,
        r"(?:want|wanted|wanting|need|needed|felt like|feel like) to cut(?= but| and| so| again| tonight| today|$)",
    ),
    Phrase(SELF_HARM, r"(?:urge|urges|been|started|start|from|stopped|about|of) cutting(?: again)?(?! \w)"),
    Phrase(
        SELF_HARM,
        r"urges? to (?:cut|burn|hurt|harm|self ?harm|die|kill|overdose|end it)",
        unless_after=r"(?:my|the|back|down|costs|hair|carbs|sugar|class|school|work|out|ties)",
    ),
)

# Words before a phrase, in the same clause, that turn it into a victory:
# "didn't hurt myself", "30 days without self-harm", "resisted the urge to cut",
# "no self-harm for 10 days". A few small words may come between ("didn't even
# think about hurting myself"); any other word breaks the link ("not sure why I
# want to die" stays crisis).
_RESISTING_BEFORE = (
    r"didnt|did not|havent|have not|hasnt|has not|hadnt|had not|not|never|no|zero|without|no longer|"
    r"dont|do not|wont|will not|wouldnt|wasnt|werent|isnt|arent|aint|"
    r"resisted|resist|resisting|fought|fought off|fighting|beat|beaten|"
    r"overcame|stopped my ?self(?: from)?|managed not to|chose not to|choose not to|decided not to|"
    r"instead of|rather than|used to|since i (?:last|stopped)|(?:days|weeks|months|years?) since|"
    r"free of|free from|clean from|clean of|safe from|recovering from|recovered from|recovery from|"
    r"survived|survive|got through|get through|ride out|rode out|riding out|sat with|surfed"
)
_FILLERS = (
    r"i|im|ive|id|even|once|really|ever|felt|feel|feeling|feelings|had|have|having|been|the|a|an|any|"
    r"thought|thoughts|think|thinking|about|of|to|like|want|wanted|wanting|need|needed|going|gonna|urge|urges|"
    r"my|on|act|acted|acting|anymore|do|did|anything|try|tried|trying|some|sudden|strong|old|those|these|"
    r"that|this|hurting|in|for|dark|heavy|all|bad|day|days|week|weeks|month|months|year|years|\d+|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|whole|entire|straight|ago|since|with|"
    r"again|will|would|give|gave|giving|another|relapse|relapsed|relapsing|into|back"
)
_BEFORE = re.compile(rf"(?:^| )(?:{_RESISTING_BEFORE})(?: (?:{_FILLERS})){{0,5}}$")

# Words just after a phrase: "self-harm free", "the urge to hurt myself passed".
_FREE_AFTER = re.compile(r"^ (?:free|clean|sober)(?!\w)|^(?: \w+){0,2} (?:passed|went away|faded|eased)(?!\w)")

# Reaching out, anywhere in the sentence after the phrase ("had suicidal thoughts
# and called my sister"), or before it unless a "but" comes between ("called the
# crisis line when I wanted to die"; "I called my sister but I still want to die"
# stays crisis).
_REACHING_OUT = (
    r"(?<!nobody )(?<!no one )(?<!didnt )(?<!never )"
    r"(?:called|phoned|rang|texted|messaged|emailed) "
    r"(?:my|a|the|someone|somebody|samaritans|lifeline|\d+|her|him|them|\w+line|mum|mom|dad|nan|gran|friends?)"
    r"|reached out|reach out|talked to|talked with|spoke to|spoke with|told (?:my|a|someone|somebody|the|him|her|them)"
    r"|asked for help|got help|(?:used|followed|opened|read|went through) my safety plan"
    r"|went to (?:the hospital|a e|the er|er|my gp|my doctor|the doctor|my therapist|therapy)"
    r"|saw my (?:therapist|doctor|gp|counsell?or|psychiatrist)|stayed safe|kept my ?self safe|keep my ?self safe"
    r"|without acting|(?:didnt|did not|never) act on it|instead(?! of)|rode (?:it )?out"
    r"|(?:urge|urges|feeling|feelings|thoughts?|it) (?:passed|went away|faded)"
    r"|but (?:i )?(?:didnt|did not|never)(?: (?:do it|act on it|give in|go through with it|do anything))?"
    r"(?: (?:today|tonight|this time))?$"
)
_REACHING = re.compile(rf"(?:^|\b)(?:{_REACHING_OUT})")

# ' and its look-alikes: right and left single quotes, grave, acute, modifier letter, prime.
_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4\u02bc\u2032]")
_SENTENCES = re.compile(r"[.!?;\n\r]+")
_WORDS = re.compile(r"\w+|[,:()\u2013\u2014]|(?<=\s)-(?=\s)")
# A clause ends at a comma or dash, and before these words: a negation never reaches across them.
_CLAUSE_WORDS = frozenset({"and", "but", "because", "so", "though", "although", "however", "yet", "cos", "cause"})


@dataclass(frozen=True)
class Reading:
    """What a text says: its kind, and each concern it holds with the kind it holds it in."""

    kind: Kind
    found: frozenset[tuple[str, Kind]] = frozenset()


@cache
def _compiled() -> tuple[tuple[Phrase, re.Pattern, re.Pattern | None, re.Pattern | None], ...]:
    return tuple(
        (
            phrase,
            re.compile(rf"(?<!\w)(?:{phrase.pattern})(?!\w)"),
            re.compile(rf"^ (?:{phrase.unless_after})(?!\w)") if phrase.unless_after else None,
            re.compile(rf"(?:^| )(?:{phrase.unless_before})$") if phrase.unless_before else None,
        )
        for phrase in PHRASES
    )


def normalise(text: str) -> str:
    """Lower case, compatibility characters folded, apostrophes gone ("Didn\u2019t" → "didnt")."""
    return _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())


def _sentence_words(sentence: str) -> tuple[str, list[int]]:
    """The sentence's words joined by single spaces, and for each word the clause it belongs to."""
    words, clauses, clause = [], [], 0
    for token in _WORDS.findall(sentence.replace("_", " ")):
        if not token[0].isalnum():
            clause += 1
            continue
        if token in _CLAUSE_WORDS:
            clause += 1
        words.append(token)
        clauses.append(clause)
    return " ".join(words), clauses


# How far around a phrase the words of resisting are looked for, in words: a long sentence of
# run-on text is read in windows, so reading it stays proportional to its length.
_NEAR = 40


def _read_sentence(sentence: str) -> set[tuple[str, Kind]]:
    line, clauses = _sentence_words(sentence)
    if not line:
        return set()
    words = line.split(" ")
    offsets = list(itertools.accumulate((len(word) + 1 for word in words[:-1]), initial=0))
    clause_start, last_but = [0] * len(words), [0] * len(words)
    for i in range(1, len(words)):
        clause_start[i] = clause_start[i - 1] if clauses[i] == clauses[i - 1] else i
        last_but[i] = i if words[i - 1] == "but" else last_but[i - 1]
    found = set()
    for phrase, pattern, unless_after, unless_before in _compiled():
        for match in pattern.finditer(line):
            first = bisect.bisect_right(offsets, match.start()) - 1  # the phrase's first word
            last = bisect.bisect_right(offsets, match.end() - 1)  # the word after the phrase
            after = (" " + " ".join(words[last : last + _NEAR])) if last < len(words) else ""
            before = " ".join(words[max(0, first - _NEAR) : first])
            if unless_after is not None and unless_after.search(after):
                continue
            if unless_before is not None and unless_before.search(before):
                continue
            same_clause = " ".join(words[max(clause_start[first], first - _NEAR) : first])
            # Reaching out before the phrase counts unless a "but" comes between.
            earlier = " ".join(words[max(last_but[first], first - _NEAR) : first])
            resisting = (
                bool(_BEFORE.search(same_clause))
                or bool(_FREE_AFTER.search(after))
                or bool(_REACHING.search(after))
                or bool(_REACHING.search(earlier))
            )
            found.add((phrase.concern, Kind.RESISTING if resisting else Kind.CRISIS))
    return found


def reading(text: str) -> Reading:
    """Crisis if any phrase of crisis stands unresisted; resisting if every one is resisted; none otherwise."""
    found: set[tuple[str, Kind]] = set()
    for sentence in _SENTENCES.split(normalise(text or "")):
        found |= _read_sentence(sentence)
    kinds = {kind for _concern, kind in found}
    if Kind.CRISIS in kinds:
        kind = Kind.CRISIS
    elif kinds:
        kind = Kind.RESISTING
    else:
        kind = Kind.NONE
    return Reading(kind, frozenset(found))


def kind_of(text: str) -> Kind:
    return reading(text).kind


def card_for_change(before: str, after: str) -> Kind:
    """The card to show once a text changed from `before` to `after`: none unless it says something new.

    Saving the same words again, or words that hold no concern the earlier words
    did not already hold in the same way, shows nothing; the card shows once per
    text. Nothing is kept to know that: only the text as it was before the save.
    """
    now = reading(after)
    if now.kind == Kind.NONE or now.found <= reading(before).found:
        return Kind.NONE
    return now.kind
