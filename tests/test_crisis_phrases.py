"""The crisis-phrase matcher (crisis/phrases.py) on three sets of sentences, with its precision and recall.

Each set holds sentences people write in a journal: acute crisis that must show
the crisis card, everyday figures of speech that must show nothing, and words of
resisting or recovering that must show the warm card. The figures are printed
with the test's output and held to thresholds, so a change to the list that
makes it worse cannot slip in. Add a sentence here whenever the list changes.

On this set the list scores 1.0 everywhere, because the list was tuned on it. To
know how it does on words it has not seen, two rounds of 30 sentences each way
were written and read *before* tuning, then added here: on the first round crisis
recall was 0.87 (precision 0.79), resisting recall 0.83, and 3 of 30 everyday
sentences showed a card; on the second, crisis recall 0.93 (precision 0.90),
resisting recall 0.90 (precision 1.0), and 1 of 30 everyday sentences showed a
card. Expect figures like those on new words, and keep adding the misses.
"""

import pytest

from crisis.phrases import Kind, card_for_change, kind_of, normalise, reading

CRISIS = [
    "I want to kill myself",
    "I want to end my life",
    "I just want to die",
    "I feel suicidal tonight",
    "I've been self-harming again",
    "I hurt myself again last night",
    "There's no reason to live",
    "Everyone would be better off without me",
    "I cut myself again",
    "Thinking about taking an overdose",
    "I'm going to kill myself",
    "I wish I was dead",
    "I don't want to live anymore",
    "Nothing to live for",
    "Self harm is all I can think about",
    "I keep thinking about suicide",
    "i wanna die",
    "I have the urge to cut",
    "I'm planning to end it all",
    "I don't want to be alive",
    "I'd rather be dead",
    "My family would be better off without me",
    "I want to take my own life",
    "I feel like hurting myself",
    "Life isn't worth living",
    "I'm so tired of being alive",
    "I wish I could just die",
    "I burned myself on purpose",
    "I hope I don't wake up tomorrow",
    "I've been thinking about overdosing on my pills",
    "I want to jump off a bridge",
    "Nobody would miss me if I was gone",
    "I deserve to die",
    "I'm having suicidal thoughts",
    "I want to harm myself",
    "Had a bad day and cut my wrists",
    "I keep thinking of ways to kill myself",
    "No point in living anymore",
    "I wrote a suicide note",
    "I DON\u2019T WANT TO LIVE",
    "I'm so done. I want to die.",
    "I didn't eat today and I want to die",
    "I called my sister but I still want to die",
    "selfharm urges are strong tonight",
    "I swallowed all my pills",
    "Not sure why I want to die",
    "I've never felt so suicidal",
    "I can't stop thinking about killing myself",
    "Self-injury again tonight",
    "I want it all to end",
    "I'm thinking about suicide again",
    "Everything hurts and I want to die",
    "I'm ready to end my life",
    "i cant stop self harming",
    "Last night I hurt myself badly",
    "I think my kids would be better off without me",
    "there is no reason to live anymore",
    "I want to kill myself so badly",
    "I've started cutting myself again",
    "Really suicidal today",
    "I took too many pills last night",
    "I wish I'd never been born",
    "I planned how to kill myself",
    "I keep wanting to hurt myself",
    "I don't want to exist anymore",
    "Honestly I just wanna die",
    "The only way out is to end it all",
    "Thinking about an overdose tonight",
    "I want to die, nobody cares",
    "i am going to hurt myself",
    "I feel like I want to die",
    "Harming myself is the only thing that helps",
    "I scratched myself until I bled",
    "I want to disappear and never come back",
    "I'm a burden and everyone would be better off if I was dead",
    "Suicidal again",
    "I could just end it tonight",
    "I nearly killed myself last week",
    "I have pills saved up to overdose",
    "I hate myself and want to die",
    "Today I realised I want to end my life",
    "I think about killing myself every day",
    "I feel so suicidal I can't breathe",
    "Self harmed again after the argument",
    "I want to hurt myself so I feel something",
    "What's the point, I want to die",
    "I'd be better off dead honestly",
    "There's nothing left to live for",
    "Wish I could go to sleep and never wake up",
    "I'm scared I'll kill myself",
    "I cut my arms again",
    "Overdose seems like the only way",
    "No one would care if I died",
    "I don't want to be here anymore",
    "i'm suicidal",
    "I tried to kill myself yesterday",
    "Burning myself again",
    "I want to stop existing",
    "I've been having thoughts of suicide",
    "Life is not worth living without her",
    "I keep hurting myself",
    "Thinking of jumping in front of a train",
    "Everyone would be happier without me",
    "I'm going to end my life",
    "Planning my suicide",
    "I wish I were dead",
    "I really want to self harm",
    "I have no reason to live",
    "Want to die",
    "I want to unalive myself",
    "I want to be dead",
    "Honestly I might as well be dead",
    "There's no reason to keep living",
    "I can't go on living like this",
    "I can't go on anymore",
    "Thinking of ending it all",
    "Some days I want to end things.",
]

EVERYDAY = [
    "I'm dying to see her",
    "Killing it at work",
    "This traffic is killing me",
    "I could die laughing",
    "Watched Suicide Squad with my brother",
    "My feet are killing me after the hike",
    "I nearly died laughing at the film",
    "That joke killed me",
    "I'd kill for a pizza right now",
    "Killed two birds with one stone",
    "The suspense is killing me",
    "I'm dead tired",
    "My phone died on the bus",
    "Dyed my hair blue",
    "I'd rather die than sing karaoke",
    "Did suicide sprints at basketball practice",
    "The old car has suicide doors",
    "Cut myself shaving this morning",
    "Hurt myself at the gym",
    "Overdosed on Netflix this weekend",
    "Burnt myself on the oven tray",
    "Taking my life back one day at a time",
    "There's no reason to live in the city anymore",
    "We're better off without cable",
    "I killed myself laughing at that show",
    "Volunteered at a suicide prevention walk",
    "I wanted to die of embarrassment",
    "This cake is to die for",
    "The plant I thought was dead is growing again",
    "I'm killing myself at the gym to get stronger",
    "Cut my hair short",
    "Ended my shift early",
    "Best day of my life",
    "Dead on my feet after the move",
    "My laptop battery died",
    "Got a paper cut opening the mail",
    "I'm dying of laughter",
    "Over my dead body will I miss that concert",
    "Killed the spider in the bath",
    "I don't want to live in fear anymore",
    "I don't want to wake up early tomorrow",
    "Read about self-harm awareness for my nursing course",
    "Drop dead gorgeous sunset tonight",
    "Cut myself a slice of cake",
    "The deadline is killing me",
    "I'd die for my kids",
    "Hurt myself playing football",
    "Overdosed on coffee before the exam",
    "Took my medication",
    "I'm better off without that job",
    "My phone is dying",
    "I'm dying for a cup of tea",
    "This heat is killing me",
    "You're killing it!",
    "Died my hair red",
    "I laughed so hard I nearly died",
    "That exam nearly killed me",
    "Killing time before the bus",
    "Cut myself some slack today",
    "Hurt my back lifting boxes",
    "I hurt myself falling off my bike",
    "The movie Suicide Squad was fun",
    "Training had suicides today",
    "I'd kill for some sleep",
    "Cut myself while chopping onions",
    "Burned myself with the kettle",
    "My kids are killing me with their questions",
    "I'm dead serious about running the marathon",
    "The end of my life as a student, graduation!",
    "No reason to live near the motorway",
    "My gran passed away peacefully",
    "Took my life savings to the bank",
    "Overdosed on sugar at the party",
    "The dead plant came back",
    "I want to dye my hair",
    "Killed it at the presentation",
    "I'd rather die than miss her wedding",
    "Cut my nails",
    "Died of boredom in the meeting",
    "Ended my day with a bath",
    "Finished a killer workout",
    "My legs are dead after leg day",
    "I'm dying to try that cafe",
    "The battery died again",
    "Suicide Squad 2 is on tonight",
    "Laughed till I almost died",
    "Hurt myself running for the bus",
    "Cut myself on some paper",
    "Killed my to-do list today",
    "Burnt myself making toast",
    "Ended my subscription",
    "My brother ended his life insurance policy",
    "Dead tired but happy",
    "Overdosed on chocolate",
    "I'd rather die than eat olives",
    "This is killing me softly lol",
    "Dying to go on holiday",
    "The heat is deadly today",
    "Drama at work is killing me",
    "Played Dead by Daylight",
    "Cut my fringe myself",
    "Slashed my spending",
    "I want to die my hair purple",
    "Reason to live: my cat",
    "Nobody would miss the meeting",
    "Took my life in a new direction",
    "Killing myself laughing at the dog",
    "The phone's dead",
    "Died laughing at the comedy show",
    "A killer playlist for the drive",
    "Ready to die on this hill about the washing up",
    "I want to die on that hill",
    "Rang the bank to end my life insurance policy",
    "My phone battery wants to die already",
    "Thinking of ending it with my boyfriend",
    "I want to end things with Sam kindly",
]

RESISTING = [
    "Didn't hurt myself today",
    "30 days without self-harm",
    "Resisted the urge to cut",
    "Had suicidal thoughts and called my sister",
    "No self-harm for 10 days",
    "I haven't self harmed in six months",
    "Wanted to cut but went for a walk instead",
    "Felt suicidal and reached out to my therapist",
    "Had the urge to hurt myself and texted a friend",
    "Called the crisis line when I wanted to die",
    "Used my safety plan when the suicidal thoughts came",
    "Self-harm free for 100 days",
    "2 weeks clean from self harm",
    "I used to self-harm, and today I'm proud of how far I've come",
    "Didn't act on the urge to hurt myself",
    "I didn't want to die today",
    "It's been a year since I last cut myself",
    "Fought off the urge to self harm",
    "Stopped myself from hurting myself",
    "Talked to my mum about feeling suicidal",
    "Told my doctor I've been having suicidal thoughts",
    "Went to the hospital instead of overdosing",
    "Rode out the urge to cut",
    "The urge to hurt myself passed",
    "Thought about killing myself but called Samaritans",
    "Haven't had suicidal thoughts all week",
    "No longer feel like I want to die",
    "Three months without hurting myself",
    "Sat with the urge to self-harm and it passed",
    "Reached out to a friend when I felt like ending my life",
    "Chose not to hurt myself tonight",
    "Managed not to cut myself",
    "I'm not suicidal anymore",
    "Kept myself safe from self harm today",
    "Went a whole week with no self harm",
    "Never once thought about killing myself this month",
    "Texted the crisis text line instead of hurting myself",
    "A year free of self-harm",
    "I'm still here, I survived the suicidal feelings",
    "Asked for help when I wanted to kill myself",
    "Recovering from self harm, one day at a time",
    "Didn't overdose even though I wanted to",
    "Threw away the blades and didn't cut myself",
    "I didn't self harm, I went for a run instead",
    "Wanted to hurt myself but didn't",
    "I DIDN\u2019T HURT MYSELF TODAY",
    "Haven't hurt myself in 40 days",
    "Resisted the urge to self harm tonight",
    "Called my best friend when the suicidal thoughts came back",
    "Went a month without cutting myself",
    "Didn't act on my suicidal thoughts",
    "Told my therapist about wanting to die",
    "Reached out instead of hurting myself",
    "One year self-harm free today",
    "No suicidal thoughts this week",
    "Used my safety plan when I wanted to hurt myself",
    "Felt like self harming but texted my sister",
    "I'm proud I didn't hurt myself",
    "Resisted overdosing",
    "Didn't cut myself even though the urge was strong",
    "Phoned samaritans when I felt suicidal",
    "It's been 3 months since I last self harmed",
    "The urge to self harm faded after a walk",
    "Managed not to hurt myself today",
    "I have been clean from self harm for two years",
    "Never again will I try to kill myself",
    "I used to want to die, now I want to live",
    "Talked to my GP about my suicidal feelings",
    "Didn't give in to the urge to cut",
    "Two weeks with no self-harm",
    "Got through the suicidal night and called my mum in the morning",
    "Spoke to a counsellor about self harm",
    "Didn't want to kill myself today",
    "Survived another suicidal wave",
    "Stopped myself from cutting",
    "I wasn't suicidal today",
    "First week without self harming",
    "Chose to call a helpline rather than hurt myself",
    "Didn't kill myself, I'm still here",
    "Fought the suicidal thoughts and won",
    "I reached out when I felt suicidal",
    "Six months free from self-harm",
    "Texted my therapist when I wanted to cut",
    "I'm not going to hurt myself",
    "No urges to self harm today",
    "Had a suicidal moment but I called a friend",
    "I no longer self harm",
    "Haven't cut myself since March",
    "Resisted suicidal urges",
    "Rode out the wave of wanting to die",
    "Two years since my suicide attempt and I'm thriving",
    "Didn't hurt myself even when it was hard",
    "The suicidal feelings passed",
    "Went to my GP about the self harm",
    "Told a friend I'd been thinking about suicide",
    "Wanted to die but I held on and called my sister",
    "100 days with no self harm",
    "I survived my suicide attempt and I'm healing",
    "Didn't relapse into self harm",
    "Beat the urge to hurt myself",
    "Asked for help with my suicidal thoughts",
    "I haven't wanted to die in weeks",
    "Self harm free since January",
    "Managed the urge to cut without acting on it",
    "Not suicidal, just tired today",
]

SETS = {Kind.CRISIS: CRISIS, Kind.NONE: EVERYDAY, Kind.RESISTING: RESISTING}
LABELLED = [(text, kind) for kind, texts in SETS.items() for text in texts]

# Where the matcher must stay. A crisis sentence read as "resisting" still shows
# a card with the numbers; a crisis sentence read as "none" shows nothing, which
# is why crisis recall has the highest bar.
THRESHOLDS = {
    "crisis precision": 0.95,
    "crisis recall": 0.98,
    "resisting precision": 0.95,
    "resisting recall": 0.95,
    "card recall (crisis or resisting shown a card)": 1.0,
    "everyday precision (no card for everyday words)": 0.98,
}


def figures() -> tuple[dict[str, float], list[str]]:
    predicted = [(text, expected, kind_of(text)) for text, expected in LABELLED]
    misses = [f"{expected} read as {got}: {text!r}" for text, expected, got in predicted if got != expected]

    def precision(kind: Kind) -> float:
        said = [expected for _text, expected, got in predicted if got == kind]
        return sum(1 for expected in said if expected == kind) / len(said) if said else 0.0

    def recall(kind: Kind) -> float:
        meant = [got for _text, expected, got in predicted if expected == kind]
        return sum(1 for got in meant if got == kind) / len(meant)

    carded = [got for _text, expected, got in predicted if expected != Kind.NONE]
    quiet = [expected for _text, expected, got in predicted if got == Kind.NONE]
    result = {
        "crisis precision": precision(Kind.CRISIS),
        "crisis recall": recall(Kind.CRISIS),
        "resisting precision": precision(Kind.RESISTING),
        "resisting recall": recall(Kind.RESISTING),
        "card recall (crisis or resisting shown a card)": sum(1 for got in carded if got != Kind.NONE) / len(carded),
        "everyday precision (no card for everyday words)": sum(1 for e in quiet if e == Kind.NONE) / len(quiet),
    }
    return result, misses


def test_each_set_holds_at_least_forty_sentences():
    assert {kind: len(texts) >= 40 for kind, texts in SETS.items()} == dict.fromkeys(SETS, True)
    assert len({text for text, _kind in LABELLED}) == len(LABELLED), "a sentence is in two sets"


def test_precision_and_recall_stay_above_their_thresholds(capsys, record_property):
    result, misses = figures()
    report = [f"crisis matcher on {len(CRISIS)} crisis, {len(EVERYDAY)} everyday, {len(RESISTING)} resisting:"]
    report += [f"  {name}: {value:.3f} (at least {THRESHOLDS[name]:.2f})" for name, value in result.items()]
    report += [f"  miss: {miss}" for miss in misses] or ["  no misses"]
    with capsys.disabled():
        print("\n" + "\n".join(report))
    for name, value in result.items():
        record_property(name, round(value, 3))
    below = {name: value for name, value in result.items() if value < THRESHOLDS[name]}
    assert below == {}, "\n".join(report)


@pytest.mark.parametrize("text", CRISIS)
def test_a_crisis_sentence_reads_as_crisis(text):
    assert kind_of(text) == Kind.CRISIS


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_sentence_reads_as_nothing(text):
    assert kind_of(text) == Kind.NONE


@pytest.mark.parametrize("text", RESISTING)
def test_a_sentence_of_resisting_reads_as_resisting(text):
    assert kind_of(text) == Kind.RESISTING


@pytest.mark.parametrize(
    "text", ["I want to kill myself", "I WANT TO KILL MYSELF", "i want to kill   myself!!", "I want to kill my self"]
)
def test_case_spacing_and_punctuation_do_not_matter(text):
    assert kind_of(text) == Kind.CRISIS


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "`", "\u02bc", "\u2032", ""])
def test_every_apostrophe_reads_the_same(apostrophe):
    assert kind_of(f"Didn{apostrophe}t hurt myself today") == Kind.RESISTING
    assert kind_of(f"I don{apostrophe}t want to live") == Kind.CRISIS
    assert normalise(f"Didn{apostrophe}t") == "didnt"


@pytest.mark.parametrize("text", ["skill myselfie", "unsuicidal", "selfharming", "overdosing"])
def test_phrases_match_whole_words(text):
    # "selfharming" and "overdosing" are words of their own; the others only contain one.
    expected = Kind.CRISIS if text in ("selfharming", "overdosing") else Kind.NONE
    assert kind_of(text) == expected


def test_a_crisis_sentence_beside_a_resisting_one_is_crisis():
    assert kind_of("Didn't hurt myself today. But I want to die.") == Kind.CRISIS
    assert reading("Didn't hurt myself today. But I want to die.").found == {
        ("self-harm", Kind.RESISTING),
        ("suicide", Kind.CRISIS),
    }


def test_empty_and_blank_text_is_nothing():
    assert kind_of("") == Kind.NONE
    assert kind_of("   \n ") == Kind.NONE
    assert kind_of(None) == Kind.NONE


class TestTheCardShowsOncePerText:
    def test_new_words_of_crisis_show_the_card(self):
        assert card_for_change("", "I want to die") == Kind.CRISIS

    def test_the_same_words_saved_again_show_nothing(self):
        assert card_for_change("I want to die", "I want to die") == Kind.NONE

    def test_more_words_around_the_same_concern_show_nothing(self):
        assert card_for_change("I want to die", "I want to die. Work was long.") == Kind.NONE
        assert card_for_change("I want to die", "I just want to end my life") == Kind.NONE

    def test_a_new_concern_shows_the_card_again(self):
        assert card_for_change("I want to die", "I want to die and I cut myself") == Kind.CRISIS

    def test_words_of_resisting_added_show_the_warm_card(self):
        assert card_for_change("Had suicidal thoughts", "Had suicidal thoughts and called my sister") == Kind.RESISTING

    def test_words_taken_out_show_nothing(self):
        assert card_for_change("I want to die", "Had a long day") == Kind.NONE

    def test_everyday_words_never_show_it(self):
        for text in EVERYDAY:
            assert card_for_change("", text) == Kind.NONE
