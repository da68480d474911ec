"""Matching: ready-for programmes, with sites in or near the candidate's region that have
places, never in an area to avoid."""

from pathway.candidates.models import AreaKind
from pathway.candidates.places import nearness, region_key
from pathway.candidates.readiness.matching import match_programmes
from pathway.candidates.safety import record_avoid_area
from pathway.candidates.vocabulary import EnglishLevel
from pathway.clock import today_london
from pathway.extensions import db

TODAY = today_london()


def test_regions_are_read_however_they_are_written_and_neighbours_are_near():
    assert region_key(" Yorkshire ") == region_key("Yorkshire & the Humber")
    assert nearness("Yorkshire and the Humber", "Yorkshire") == "in"
    assert nearness("Yorkshire and the Humber", "North West") == "near"
    assert nearness("Yorkshire and the Humber", "London") is None
    assert nearness("", "London") is None


def setup_sites(world, make):
    """Leeds (Yorkshire), Manchester (North West, near), Brixton (London, far)."""
    manchester = make.site(world.employer, "Deansgate", town="Manchester", region="North West")
    brixton = make.site(world.employer, "Brixton", town="London", region="London")
    world.programme.sites[:] = [world.site, manchester, brixton]
    db.session.commit()
    return manchester, brixton


def test_sites_in_or_near_the_region_with_a_place_and_safe(world, make):
    manchester, brixton = setup_sites(world, make)
    candidate = make.candidate(world.coach, region="Yorkshire and the Humber")
    (match,), others = match_programmes(candidate, [world.programme], TODAY)
    assert others == []
    assert [(o.site.name, o.where) for o in match.sites] == [
        ("Leeds Central", "in their region"),
        ("Deansgate", "in a neighbouring region"),
    ]
    assert match.far == 1

    record_avoid_area(candidate, world.coach, AreaKind.TOWN, "Leeds", TODAY)
    world.programme.places_per_site = 1
    make.placement(make.candidate(world.coach), world.programme, world.lead, site=manchester)
    (match,), _ = match_programmes(candidate, [world.programme], TODAY)
    assert match.sites == [] and match.unsafe == 1 and match.full == 1


def test_programmes_the_candidate_is_not_ready_for_are_listed_apart(world, make):
    clerical = make.programme(
        world.employer, [world.site], name="Clerical", min_english_level=EnglishLevel.LEVEL_1
    )
    candidate = make.candidate(world.coach)
    ready, others = match_programmes(candidate, [world.programme, clerical], TODAY)
    assert [m.programme for m in ready] == [world.programme]
    assert [p for p, _ in others] == [clerical]


def test_the_matches_page_offers_nominations_for_ready_programmes(world, make, login):
    setup_sites(world, make)
    candidate = make.candidate(world.coach, region="North West")
    record_avoid_area(candidate, world.coach, AreaKind.REGION, "Yorkshire", TODAY)
    db.session.commit()
    page = login(world.coach).get(f"/candidates/{candidate.id}/matches").get_data(as_text=True)
    assert "Deansgate, Manchester" in page
    assert "Leeds Central" not in page
    assert "1 in an area to avoid" in page
    assert "Nominate to Fresh Start" in page


def test_no_region_recorded_shows_every_safe_site(world, make, login):
    setup_sites(world, make)
    candidate = make.candidate(world.coach)
    page = login(world.coach).get(f"/candidates/{candidate.id}/matches").get_data(as_text=True)
    assert "record their region" in page
    for name in ("Leeds Central", "Deansgate", "Brixton"):
        assert name in page
