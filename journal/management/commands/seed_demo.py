"""Create (or refresh) a demo account with about a year of small wins.

    python manage.py seed_demo

The account is demo@example.com with the password printed at the end. Running
it again puts the demo journal back as it was (relative to today): the same
--seed always gives the same wins. Nothing outside the demo account changes.
"""

import datetime
import random
import zoneinfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from accounts.models import User
from journal.models import Category, Goal, Mood, Win
from journal.weeks import EVERY_DAY, WEEKDAYS_ONLY

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "small steps count"  # noqa: S105 (published on purpose: a demo account)
DEMO_TIME_ZONE = "Europe/London"
DAYS = 365

# What the seeds' people wrote down, by category.
WINS = {
    Category.SELF_CARE: [
        "Got out of bed",
        "Brushed my teeth",
        "Had a shower",
        "Changed into clean clothes",
        "Stepped outside for five minutes",
        "Opened the curtains",
    ],
    Category.BODY_HEALTH: [
        "Ate something",
        "Drank a glass of water",
        "Took my medication",
        "Ate a proper lunch",
        "Went for a short walk",
        "Went to bed before midnight",
    ],
    Category.REST: [
        "Rested without guilt",
        "Took a nap when I needed it",
        "Sat in the park and did nothing",
        "Left the dishes for tomorrow",
    ],
    Category.BOUNDARIES: [
        "Said no to something draining",
        "Left the group chat on mute",
        "Didn't answer work email at the weekend",
        "Told my sister I needed a quiet evening",
    ],
    Category.SELF_COMPASSION: [
        "Forgave myself for a bad morning",
        "Talked to myself like a friend would",
        "Didn't call myself lazy",
    ],
    Category.REACHING_OUT: [
        "Asked for help",
        "Texted a friend that I was struggling",
        "Booked an appointment with my GP",
        "Called the helpline and talked it through",
    ],
    Category.AWARENESS: [
        "Noticed a trigger early",
        "Named the feeling before it got big",
        "Spotted that I was tired, not a failure",
    ],
    Category.FEELINGS: [
        "Stayed present with a feeling",
        "Let myself cry",
        "Was honest in therapy",
        "Wrote down what was worrying me",
    ],
    Category.DISTRESS_TOLERANCE: [
        "Had a terrible day and didn't give up",
        "Used the breathing exercise",
        "Rode out the urge instead of acting on it",
        "Held an ice cube until the wave passed",
    ],
    Category.ROUTINE: [
        "Kept my morning routine",
        "Made my bed",
        "Did the washing up",
        "Got to work on time",
    ],
    Category.CONNECTION: [
        "Replied to a message",
        "Apologised to a friend",
        "Had coffee with Sam",
        "Called my mum",
    ],
    Category.JOY: [
        "Listened to a whole album",
        "Baked bread",
        "Laughed at something silly",
        "Watered the plants and noticed the new leaf",
    ],
    Category.GRATITUDE: [
        "Grateful for the sun on my face this morning",
        "Grateful for Sam checking in",
        "Noticed something I'm grateful for",
        "Grateful for a warm cup of tea",
    ],
    Category.OTHER: [
        "Finished a library book",
        "Paid a bill I had been avoiding",
        "Sorted the post",
    ],
}
CATEGORY_WEIGHTS = {
    Category.SELF_CARE: 16,
    Category.BODY_HEALTH: 14,
    Category.ROUTINE: 10,
    Category.REST: 9,
    Category.CONNECTION: 9,
    Category.JOY: 7,
    Category.REACHING_OUT: 6,
    Category.BOUNDARIES: 6,
    Category.SELF_COMPASSION: 6,
    Category.AWARENESS: 5,
    Category.FEELINGS: 5,
    Category.DISTRESS_TOLERANCE: 5,
    Category.GRATITUDE: 4,
    Category.OTHER: 2,
}
# A few tiny goals, and some of the days they were done lately (never every day).
GOALS = [
    ("Drink a glass of water", Category.BODY_HEALTH, EVERY_DAY),
    ("Step outside for 2 minutes", Category.SELF_CARE, WEEKDAYS_ONLY),
    ("Text one friend", Category.CONNECTION, 0b0001001),  # Mondays and Thursdays
]
GOAL_DAYS_BACK = 20


def _demo_wins(owner: User, today: datetime.date, rng: random.Random) -> list[Win]:
    """A year that gets gently better: more gaps, lower moods and harder days early on."""
    tz = zoneinfo.ZoneInfo(owner.timezone)
    categories, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    wins: list[Win] = []
    gap_left = 0
    for back in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=back)
        progress = 1 - back / DAYS  # 0 a year ago, 1 today
        if back > 0:
            if gap_left:
                gap_left -= 1
                continue
            if rng.random() < 0.09 - 0.05 * progress:
                gap_left = rng.randint(1, 6)  # a quiet stretch: life happens
                continue
            if rng.random() < 0.12:
                continue
        hard = rng.random() < 0.28 - 0.18 * progress
        count = rng.choices([1, 2, 3, 4], weights=[5, 4, 2, 1])[0] if back else 2
        hours = sorted(rng.sample(range(7, 23), count))
        for hour in hours:
            category = rng.choices(categories, weights=weights)[0]
            if hard and rng.random() < 0.4:
                category = Category.DISTRESS_TOLERANCE
            mood = None
            if rng.random() < 0.8:
                centre = 1.8 + 2.0 * progress - (0.8 if hard else 0)
                mood = min(Mood.VERY_GOOD, max(Mood.VERY_LOW, round(rng.gauss(centre, 0.8))))
            moment = datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)), tzinfo=tz)
            wins.append(
                Win(
                    owner=owner,
                    text=rng.choice(WINS[category]),
                    category=category,
                    mood=mood,
                    hard_day=hard,
                    occurred_on=day,
                    shared_with_allies=rng.random() < 0.35,
                    created_at=moment,
                    updated_at=moment,
                )
            )
    return wins


def _demo_goals(owner: User, today: datetime.date, rng: random.Random) -> int:
    """The demo's goals, each done on some of its days: Done on Today logs a win the same way."""
    Goal.objects.filter(owner=owner).delete()
    done = 0
    for text, category, weekdays in GOALS:
        goal = Goal.objects.create(owner=owner, text=text, category=category, days=weekdays)
        for back in range(GOAL_DAYS_BACK, 0, -1):
            day = today - datetime.timedelta(days=back)
            if goal.is_scheduled_on(day) and rng.random() < 0.6:
                goal.complete(day)
                done += 1
    return done


class Command(BaseCommand):
    help = f"Create or refresh the demo account {DEMO_EMAIL} with about a year of small wins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="the same seed gives the same journal")

    @transaction.atomic
    def handle(self, *args, seed: int, **options):
        demo, created = User.objects.get_or_create(email=DEMO_EMAIL)
        demo.display_name = "Demo"
        demo.timezone = DEMO_TIME_ZONE
        demo.is_active = True
        demo.set_password(DEMO_PASSWORD)
        demo.save()
        EmailAddress.objects.update_or_create(user=demo, email=DEMO_EMAIL, defaults={"verified": True, "primary": True})
        Win.all_objects.filter(owner=demo).delete()
        wins = Win.objects.bulk_create(_demo_wins(demo, demo.local_today(), random.Random(seed)), batch_size=1000)  # noqa: S311
        # auto_now stamps every row with this moment; a real journal was edited when it was written.
        Win.all_objects.filter(owner=demo).update(updated_at=F("created_at"))
        days = len({win.occurred_on for win in wins})
        goals_done = _demo_goals(demo, demo.local_today(), random.Random(seed))  # noqa: S311

        self.stdout.write(f"{'Created' if created else 'Refreshed'} the demo account.")
        self.stdout.write(f"  Email:    {DEMO_EMAIL}")
        self.stdout.write(f"  Password: {DEMO_PASSWORD}")
        self.stdout.write(f"  Journal:  {len(wins)} wins on {days} days over the past year")
        self.stdout.write(f"  Goals:    {len(GOALS)} tiny goals, done {goals_done} times in {GOAL_DAYS_BACK} days")
        self.stdout.write(f"Log in at {settings.SITE_URL}/accounts/login/")
