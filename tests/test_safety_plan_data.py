"""My safety plan in the export (JSON and its own CSV), back through the import, and gone with the account."""

import csv
import io
import json

import pytest

from accounts.services import account_delete
from journal.models import SafetyPlan
from tests.factories import PASSWORD, make_user
from tests.helpers import confirmation_link, import_file, text_of

pytestmark = pytest.mark.django_db

PLAN = {
    "warning_signs": ["Not sleeping", 'Quotes " and emoji 🌿 and <b>tags</b>'],
    "on_my_own": ["A hot shower"],
    "people_places": ["The park"],
    "ask_for_help": [{"name": "Sam", "phone": "07700 900123"}],
    "professionals": [{"name": "Samaritans", "phone": "116 123"}, {"name": "Dr Rao", "phone": ""}],
    "safer_surroundings": ["Pills with Sam"],
    "reasons": ["My cat", "=the sea"],
}


def export_document(client) -> dict:
    return json.loads(b"".join(client.get("/account/data/small-wins.json").streaming_content))


def import_document(client, document: dict):
    """Import a file through /account/data/, the worker's part run here: the page that follows."""
    return import_file(client, json.dumps(document))


def test_the_json_export_holds_the_plan(owner_client, owner):
    SafetyPlan.objects.create(owner=owner, **PLAN)
    document = export_document(owner_client)
    assert {key: document["safety_plan"][key] for key in PLAN} == PLAN
    assert document["safety_plan"]["updated_at"].endswith("+00:00")


def test_the_json_export_says_null_without_a_plan(owner_client):
    assert export_document(owner_client)["safety_plan"] is None


def test_the_plan_has_its_own_csv_with_formula_cells_made_plain(owner_client, owner):
    SafetyPlan.objects.create(owner=owner, **PLAN)
    response = owner_client.get("/account/data/safety-plan.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="small-wins-safety-plan-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["step", "entry", "phone"]
    assert ["People I can ask for help", "Sam", "07700 900123"] in rows
    assert ["My reasons for living", "'=the sea", ""] in rows
    assert len(rows) == 1 + 10


def test_the_data_page_offers_the_plans_csv(owner_client):
    assert "Download my safety plan (CSV)" in text_of(owner_client.get("/account/data/"))


def test_a_plan_survives_export_delete_sign_up_and_import(client, mailoutbox, django_capture_on_commit_callbacks):
    person = make_user("river@example.com")
    SafetyPlan.objects.create(owner=person, **PLAN)
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    before = export_document(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/delete/", {"password": PASSWORD})
    assert not SafetyPlan.objects.exists()

    client.post("/accounts/signup/", {"email": "river@example.com", "password1": PASSWORD, "timezone": "UTC"})
    client.post(confirmation_link(mailoutbox[-1]))
    page = text_of(import_document(client, before))
    assert "Your safety plan came back too." in page
    after = export_document(client)
    assert {key: after["safety_plan"][key] for key in PLAN} == {key: before["safety_plan"][key] for key in PLAN}


def test_importing_into_a_plan_fills_only_its_empty_steps(owner_client, owner):
    SafetyPlan.objects.create(owner=owner, reasons=["Mine already"])
    page = text_of(import_document(owner_client, {"format": "small-wins-export", "version": 1, "safety_plan": PLAN}))
    assert "Filled in the empty steps of your safety plan." in page
    plan = SafetyPlan.objects.get(owner=owner)
    assert plan.reasons == ["Mine already"]
    assert plan.warning_signs == PLAN["warning_signs"]
    import_document(owner_client, {"format": "small-wins-export", "version": 1, "safety_plan": PLAN})
    assert SafetyPlan.objects.get(owner=owner).answers == plan.answers


def test_an_export_without_a_plan_imports_as_before(owner_client, owner):
    import_document(owner_client, {"format": "small-wins-export", "version": 1, "wins": []})
    assert not SafetyPlan.objects.filter(owner=owner).exists()


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ([], 'The "safety_plan" part of this file should be a set of lists'),
        ({"reasons": "My cat"}, "“My reasons for living” in the safety plan should be a list."),
        ({"reasons": ["x" * 201]}, "an entry is longer than the 200 characters"),
        ({"reasons": [f"Reason {n}" for n in range(11)]}, "holds more than the 10 entries a step holds"),
        ({"ask_for_help": ["Sam"]}, "each entry should have a name and a phone"),
        ({"warning_signs": ["nul \x00 here"]}, "each entry should be words"),
    ],
)
def test_a_damaged_plan_in_the_file_says_what_is_wrong_and_imports_nothing(owner_client, owner, plan, message):
    document = {"format": "small-wins-export", "version": 1, "wins": [], "safety_plan": plan}
    page = text_of(import_document(owner_client, document))
    assert message in page
    assert not SafetyPlan.objects.filter(owner=owner).exists()


def test_deleting_the_account_deletes_the_plan_and_no_one_elses(owner, stranger):
    SafetyPlan.objects.create(owner=owner, **PLAN)
    SafetyPlan.objects.create(owner=stranger, reasons=["Theirs"])
    account_delete(user=owner)
    assert list(SafetyPlan.objects.values_list("reasons", flat=True)) == [["Theirs"]]
