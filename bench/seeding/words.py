"""What the seeded journals say, and how often: wins, moods, reflections and allies' notes.

Made up, but as people in recovery write them, so the pages show text of a
realistic length and mix.
"""

from journal.models import Category

# How often people pick each category: looking after the basics comes first.
CATEGORY_WEIGHTS = {
    Category.SELF_CARE: 18,
    Category.ROUTINE: 12,
    Category.BODY_HEALTH: 12,
    Category.REST: 10,
    Category.CONNECTION: 9,
    Category.JOY: 8,
    Category.REACHING_OUT: 7,
    Category.SELF_COMPASSION: 6,
    Category.AWARENESS: 5,
    Category.FEELINGS: 4,
    Category.BOUNDARIES: 4,
    Category.DISTRESS_TOLERANCE: 3,
    Category.GRATITUDE: 6,
    Category.OTHER: 2,
}

TEXTS = {
    Category.REST: [
        "Took a nap when I needed one",
        "Went to bed before eleven",
        "Sat on the balcony and did nothing for ten minutes",
        "Said no to one more episode and went to sleep",
        "Had a slow morning without feeling guilty",
        "Took a proper lunch break away from the desk",
        "Lay down when the headache started",
    ],
    Category.BOUNDARIES: [
        "Said no to extra work",
        "Didn't answer work email after seven",
        "Told my sister I needed a quiet weekend",
        "Left the party when I was tired",
        "Asked for what I needed in the meeting",
        "Muted the group chat for the evening",
    ],
    Category.SELF_COMPASSION: [
        "Forgave myself for the messy kitchen",
        "Spoke to myself like I'd speak to a friend",
        "Noticed the critical voice and let it pass",
        "Didn't call myself lazy",
        "Let good enough be good enough",
        "Rested without earning it first",
    ],
    Category.SELF_CARE: [
        "Got out of bed",
        "Showered and got dressed",
        "Brushed my teeth morning and night",
        "Took my meds on time",
        "Changed the sheets",
        "Ate breakfast",
        "Opened the curtains and let the light in",
    ],
    Category.REACHING_OUT: [
        "Texted a friend back",
        "Called my mum",
        "Told my therapist the hard thing",
        "Asked a coworker for help",
        "Went to my support group",
        "Replied to the message I'd been avoiding",
    ],
    Category.AWARENESS: [
        "Noticed I was hungry, not angry",
        "Named the feeling before reacting",
        "Spotted an old pattern and paused",
        "Wrote down what set me off",
        "Noticed my shoulders were up and dropped them",
    ],
    Category.FEELINGS: [
        "Let myself cry",
        "Told someone I was sad",
        "Wrote about the anger instead of swallowing it",
        "Sat with the anxiety for five minutes",
        "Said out loud that I was scared",
    ],
    Category.DISTRESS_TOLERANCE: [
        "Used the breathing exercise during the panic",
        "Held ice cubes until the urge passed",
        "Rode out the urge for twenty minutes",
        "Went for a walk instead of scrolling at 2 a.m.",
        "Used my grounding list: five things I can see",
    ],
    Category.ROUTINE: [
        "Made my bed",
        "Did the dishes before bed",
        "Paid the electricity bill",
        "Kept my morning routine",
        "Took the bins out",
        "Planned tomorrow's meals",
        "Sorted the post",
    ],
    Category.BODY_HEALTH: [
        "Went for a twenty-minute walk",
        "Drank water all day",
        "Cooked a real dinner",
        "Stretched for ten minutes",
        "Went to the doctor's appointment",
        "Ate a vegetable",
        "Went for a swim",
    ],
    Category.CONNECTION: [
        "Had coffee with a friend",
        "Played a game with my kid",
        "Sat with the family at dinner",
        "Joined the call instead of skipping it",
        "Walked the dog with my neighbour",
    ],
    Category.JOY: [
        "Listened to a whole album",
        "Laughed at a silly video",
        "Bought myself flowers",
        "Read a chapter of my book",
        "Watched the sunset",
        "Petted a dog on the street",
        "Sang in the kitchen",
    ],
    Category.GRATITUDE: [
        "Wrote down three things I'm grateful for",
        "Thanked the bus driver and meant it",
        "Noticed how good the coffee was",
        "Told my friend I appreciate them",
    ],
    Category.OTHER: [
        "Finished the library book",
        "Fixed the wobbly chair",
        "Filled in the form I'd been putting off",
        "Found my keys without panicking",
    ],
}
SUFFIXES = [
    "",
    "",
    "",
    "",
    " today",
    " even though it was hard",
    " before work",
    " without overthinking it",
    " for the first time in weeks",
    " — small, but it counts",
    " again",
    " after a rough morning",
]
# Moods 1..5 ("very low" .. "very good"); about one win in four has none.
MOOD_WEIGHTS_EASY_DAY = [4, 12, 34, 34, 16]
MOOD_WEIGHTS_HARD_DAY = [30, 35, 25, 8, 2]
NO_MOOD_SHARE = 0.25

HONORED = [
    "I rested when I was tired instead of pushing through.",
    "I kept my appointment even though I wanted to cancel.",
    "I said no once and the world didn't end.",
    "I ate proper meals most days.",
    "I let myself have a quiet evening.",
]
HELPED = [
    "Walking in the morning.",
    "Talking to my friend on Wednesday.",
    "Writing things down before bed.",
    "Leaving my phone in the other room.",
    "The breathing exercise from group.",
]
TRY_NEXT = [
    "Go to bed half an hour earlier.",
    "Call someone instead of texting.",
    "One walk without headphones.",
    "Cook once from scratch.",
    "Ask for help before it gets too much.",
]
NOTES = [
    "I noticed you laughed more this week.",
    "You asked for help on Tuesday. That took courage.",
    "You seem steadier than a month ago.",
    "I can see you changing. Keep going.",
    "Thank you for telling me about the hard day.",
    "You kept showing up, even when it was heavy.",
]
