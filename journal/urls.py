from django.urls import path

from . import goals, reminders, timeline, views, views_data

urlpatterns = [
    path("", views.home, name="home"),
    # Wins: log with a preset, find, edit, delete and undo (journal/views.py).
    path("wins/", views.wins, name="wins"),
    path("wins/quick/", views.quick_win, name="quick_win"),
    path("wins/<uuid:code>/", views.win_detail, name="win_detail"),
    path("wins/<uuid:code>/edit/", views.win_edit, name="win_edit"),
    path("wins/<uuid:code>/delete/", views.win_delete, name="win_delete"),
    path("wins/<uuid:code>/undo/", views.win_undo, name="win_undo"),
    # A win's photo, only ever through an access check (journal/views.py).
    path("photos/<uuid:code>/", views.win_photo, name="win_photo"),
    path("photos/<uuid:code>/thumb/", views.win_photo_thumb, name="win_photo_thumb"),
    # Gentle goals: set them on /goals/ (journal/goals.py), do them on Today (journal/views.py).
    path("goals/", goals.goals, name="goals"),
    path("goals/<uuid:code>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<uuid:code>/delete/", goals.goal_delete, name="goal_delete"),
    path("goals/<uuid:code>/pause/", goals.goal_pause, name="goal_pause"),
    path("goals/<uuid:code>/resume/", goals.goal_resume, name="goal_resume"),
    path("goals/<uuid:code>/done/", views.goal_done, name="goal_done"),
    path("goals/<uuid:code>/undo/", views.goal_undo, name="goal_undo"),
    # The signed link at the foot of every reminder email (journal/reminders.py).
    path("reminders/unsubscribe/<str:token>/", reminders.unsubscribe, name="reminders_unsubscribe"),
    # The weekly timeline (journal/timeline.py).
    path("week/", timeline.week, name="week"),
    path("week/<str:day>/", timeline.week_of, name="week_of"),
    path("week/<str:day>/reflection/", timeline.week_reflection, name="week_reflection"),
    path("week/<str:day>/draft/", timeline.week_draft, name="week_draft"),
    path("look-back/", timeline.look_back, name="look_back"),
    path("year/", timeline.year_current, name="year_current"),
    path("year/<int:year>/", timeline.year, name="year"),
    path("report/", timeline.report, name="report"),
    # The journal out as a file and back in (journal/views_data.py, journal/portability/).
    path("account/data/", views_data.account_data, name="account_data"),
    path("account/data/small-wins.json", views_data.export_json, name="account_export_json"),
    path("account/data/small-wins.csv", views_data.export_csv, name="account_export_csv"),
]
