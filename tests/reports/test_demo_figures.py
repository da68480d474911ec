"""The demo tells a figures story: counted consent, follow-ups answered every way."""

from sqlalchemy import func, select

from pathway.candidates.models import Consent, ConsentScope
from pathway.clock import today_london
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

    year = today_london().year
    client.post("/login", data={"email": "cr@demo.test", "password": "pathway-demo"})
    page = client.get(
        "/figures/", query_string={"start": f"{year - 2}-01-01", "end": f"{year}-12-31"}
    )
    assert page.status_code == 200
    assert "Still in work at 3 months" in page.get_data(as_text=True)
