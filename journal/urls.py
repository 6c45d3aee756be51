from django.urls import path

from . import reminders
from .views import data, drafts, goals, looking_back, photos, report, safety_plan, today, week, wins, year

urlpatterns = [
    # Today: log a win, with its form or a Quick win.
    path("", today.home, name="home"),
    path("wins/quick/", today.quick_win, name="quick_win"),
    # All wins, and one win: find, edit, delete and undo.
    path("wins/", wins.wins, name="wins"),
    path("wins/<uuid:code>/", wins.win_detail, name="win_detail"),
    path("wins/<uuid:code>/edit/", wins.win_edit, name="win_edit"),
    path("wins/<uuid:code>/delete/", wins.win_delete, name="win_delete"),
    path("wins/<uuid:code>/undo/", wins.win_undo, name="win_undo"),
    path("wins/<uuid:code>/photo/", photos.win_photo_page, name="win_photo_page"),
    # "Share with my allies" on one win: under /allies/, where the person thinks of it.
    path("allies/share/<uuid:code>/", wins.win_share, name="win_share"),
    # A win's photo file, only ever through an access check (its page is /wins/<code>/photo/).
    path("photos/<uuid:code>/", photos.win_photo, name="win_photo"),
    path("photos/<uuid:code>/thumb/", photos.win_photo_thumb, name="win_photo_thumb"),
    # Gentle goals: set them on /goals/, do them on Today.
    path("goals/", goals.goals, name="goals"),
    path("goals/<uuid:code>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<uuid:code>/delete/", goals.goal_delete, name="goal_delete"),
    path("goals/<uuid:code>/pause/", goals.goal_pause, name="goal_pause"),
    path("goals/<uuid:code>/resume/", goals.goal_resume, name="goal_resume"),
    path("goals/<uuid:code>/done/", goals.goal_done, name="goal_done"),
    path("goals/<uuid:code>/undo/", goals.goal_undo, name="goal_undo"),
    # The signed link at the foot of every reminder email (journal/reminders.py).
    path("reminders/unsubscribe/<str:token>/", reminders.unsubscribe, name="reminders_unsubscribe"),
    # The week and its reflection; a reflection kept while logged out.
    path("week/", week.week, name="week"),
    path("week/<str:day>/", week.week_of, name="week_of"),
    path("week/<str:day>/reflection/", week.week_reflection, name="week_reflection"),
    path("week/<str:day>/draft/", drafts.week_draft, name="week_draft"),
    # Looking back, the year and the printable report.
    path("look-back/", looking_back.look_back, name="look_back"),
    path("year/", year.year_current, name="year_current"),
    path("year/<int:year>/", year.year, name="year"),
    path("report/", report.report, name="report"),
    # My safety plan, and the words kept for it while logged out.
    path("safety-plan/", safety_plan.safety_plan, name="safety_plan"),
    path("safety-plan/kept/", safety_plan.safety_plan_kept, name="safety_plan_kept"),
    # The journal out as a file and back in (journal/portability/).
    path("account/data/", data.account_data, name="account_data"),
    path("account/data/imports/<uuid:code>/", data.account_import, name="account_import"),
    path("account/data/small-wins.json", data.export_json, name="account_export_json"),
    path("account/data/small-wins.csv", data.export_csv, name="account_export_csv"),
    path("account/data/safety-plan.csv", data.export_safety_plan_csv, name="account_export_safety_plan_csv"),
]
