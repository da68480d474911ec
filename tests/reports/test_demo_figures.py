"""The demo tells a figures story: counted consent, follow-ups answered every way."""

from sqlalchemy import func, select

from pathway.candidates.models import Consent, ConsentScope
from pathway.extensions import db
from pathway.placements.models import RetentionCheck
from pathway.placements.vocabulary import RetentionAnswer


def test_demo_hires_have_follow_up_answers_and_the_figures_page_shows_them(demo_app):
    client = demo_app.test_client()

    answers = dict(
        db.session.execute(
            select(RetentionCheck.answer, func.count()).group_by(RetentionCheck.answer)
        ).all()
    )
    assert answers[RetentionAnswer.STILL_IN_WORK] >= 3
    assert answers[RetentionAnswer.LEFT] >= 1
    assert answers[RetentionAnswer.UNKNOWN] >= 1
    counted = select(func.count()).where(Consent.scope == ConsentScope.COUNTED_IN_FIGURES)
    assert db.session.scalar(counted) >= 30

    client.post("/login", data={"email": "cr@demo.test", "password": "pathway-demo"})
    page = client.get("/figures/")  # the last complete financial year, and the one before
    assert page.status_code == 200
    assert "Still in work at 3 months" in page.get_data(as_text=True)
