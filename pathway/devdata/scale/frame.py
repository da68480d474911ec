"""The fixed frame of a generated dataset: organisations, sites, accounts and programmes.

Rows are plain dicts for ``BulkWriter``; the ``Frame`` keeps what the candidates' stories
need (who manages which site, which programme runs where, each employer's share).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pathway.auth.models import OrganisationKind, Role
from pathway.candidates.vocabulary import DEFAULT_QUALIFYING_NRM, EnglishLevel
from pathway.devdata.scale.journeys import StageCopy
from pathway.devdata.scale.writer import BulkWriter
from pathway.durations import DurationUnit
from pathway.employers.models import FollowUpBy
from pathway.employers.services import FRESH_START, StageSpec

DOMAIN = "scale.test"  # every generated account is <name>@scale.test

EMPLOYER_NAMES = (
    "Harrow & Vale Co-operative Stores",
    "Northline Logistics",
    "Brightwater Hotels",
    "Calder Fresh Foods",
    "Meridian Facilities",
    "Ashdown Garden Centres",
    "Kestrel Bakeries",
    "Lowfield Care Homes",
)
PROVIDER_WORDS = ("Light", "Haven", "Bridge", "Harbour", "Hope", "Anchor", "Open Door", "Compass")
PROVIDER_KINDS = ("Trust", "Integration", "Project", "Foundation", "Network")
TOWNS = (
    ("Leeds", "Yorkshire"), ("Bradford", "Yorkshire"), ("Sheffield", "Yorkshire"),
    ("York", "Yorkshire"), ("Hull", "Yorkshire"), ("Wakefield", "Yorkshire"),
    ("Manchester", "North West"), ("Liverpool", "North West"), ("Bolton", "North West"),
    ("Preston", "North West"), ("Warrington", "North West"), ("Stockport", "North West"),
    ("Birmingham", "West Midlands"), ("Coventry", "West Midlands"),
    ("Wolverhampton", "West Midlands"),
    ("Nottingham", "East Midlands"), ("Leicester", "East Midlands"), ("Derby", "East Midlands"),
    ("Newcastle", "North East"), ("Sunderland", "North East"), ("Middlesbrough", "North East"),
    ("Bristol", "South West"), ("Plymouth", "South West"), ("Exeter", "South West"),
    ("Southampton", "South East"), ("Brighton", "South East"), ("Reading", "South East"),
    ("Croydon", "London"), ("Hackney", "London"), ("Ealing", "London"), ("Lewisham", "London"),
    ("Norwich", "East of England"), ("Cambridge", "East of England"), ("Luton", "East of England"),
    ("Cardiff", "Wales"), ("Swansea", "Wales"), ("Glasgow", "Scotland"), ("Edinburgh", "Scotland"),
)  # fmt: skip
STREETS = (
    "High Street", "Station Road", "Market Place", "Church Street", "London Road",
    "Park Road", "Victoria Road", "Queen Street", "King Street", "Mill Lane", "North Road",
    "Chapel Street", "Bridge Street", "Castle Street", "West End", "Green Lane",
    "Manor Road", "New Road", "School Lane", "Albert Road", "Retail Park", "Hill Street",
    "Broadway", "Kings Road", "Duke Street", "Clarence Road", "George Street", "Water Lane",
)  # fmt: skip
PEOPLE = (
    "Alex Morgan", "Sam Patel", "Jo Fletcher", "Chris Adeyemi", "Priya Shah", "Tom Walsh",
    "Nadia Hussain", "Owen Price", "Ruth Campbell", "Dev Sharma", "Kate Lawson", "Ben Okafor",
)  # fmt: skip

WAREHOUSE = (
    StageSpec("Meet and greet", 30, DurationUnit.MINUTES),
    StageSpec("Site induction", 1, DurationUnit.DAYS),
    StageSpec("Four-week training", 4, DurationUnit.WEEKS),
    StageSpec("Guaranteed interview", None, None, is_interview=True),
)
BACK_OFFICE = (
    StageSpec("Meet and greet", 30, DurationUnit.MINUTES),
    StageSpec("Shadow day", 1, DurationUnit.DAYS),
    StageSpec("Office training, two days a week", 4, DurationUnit.WEEKS),
    StageSpec("Guaranteed interview", None, None, is_interview=True),
)
# name, stages, minimum English, share of the employer's nominations, share of its sites
MAIN_PROGRAMMES = (
    ("Fresh Start", FRESH_START, EnglishLevel.ENTRY_3),
    ("Warehouse Pathway", WAREHOUSE, EnglishLevel.ENTRY_2),
)
SECOND_PROGRAMME = ("Back Office Route", BACK_OFFICE, EnglishLevel.LEVEL_1)
LARGEST_SHARE = 0.68  # the largest employer gets this share of nominations and sites


@dataclass
class Programme:
    id: int
    employer: int
    name: str
    stages: tuple[StageCopy, ...]
    min_english_level: EnglishLevel
    site_ids: list[int]
    weight: float
    # readiness criteria, read by ``readiness_verdict``
    right_to_work_required: bool = True
    min_age: int = 18
    qualifying_nrm: list[str] = field(
        default_factory=lambda: [d.value for d in DEFAULT_QUALIFYING_NRM]
    )


@dataclass
class Coach:
    id: int
    organisation_id: int
    prefix: str


@dataclass
class Frame:
    programmes: list[Programme]
    coaches: list[Coach]
    manager_of_site: dict[int, int]
    leads: dict[int, list[int]]  # employer id -> partnership lead ids
    accounts: list[tuple[str, Role, str]] = field(default_factory=list)  # shown afterwards
    refused_steps: int = 0  # planned stage steps the rules refused


def employer_shares(count: int) -> list[float]:
    """The largest employer takes ``LARGEST_SHARE``; the others share the rest, decreasing."""
    if count == 1:
        return [1.0]
    rest = [1 / (i + 1) for i in range(1, count)]
    return [LARGEST_SHARE] + [(1 - LARGEST_SHARE) * r / sum(rest) for r in rest]


def build_frame(
    writer: BulkWriter,
    rng: random.Random,
    employers: int,
    sites: int,
    candidates: int,
    founded: datetime,
    password_hash: str,
) -> Frame:
    """Write the organisations, sites, accounts and programmes; return what stories need."""
    frame = Frame(programmes=[], coaches=[], manager_of_site={}, leads={})
    shares = employer_shares(employers)
    site_counts = _split(sites, shares)
    user = _account_writer(writer, rng, frame, founded, password_hash)

    for index, share in enumerate(shares):
        name = EMPLOYER_NAMES[index] if index < len(EMPLOYER_NAMES) else f"Employer {index + 1}"
        employer = writer.add(
            "organisation", name=name, kind=OrganisationKind.EMPLOYER, created_at=founded
        )
        slug = f"e{index + 1}"
        site_ids = [
            writer.add("site", **site) for site in _sites(rng, employer, site_counts[index])
        ]
        frame.leads[employer] = [
            user(f"{slug}-lead{n}", Role.PARTNERSHIP_LEAD, employer) for n in (1, 2)
        ]
        user(f"{slug}-cr", Role.CR_OFFICER, employer)
        for number, group in enumerate(_site_groups(rng, site_ids), start=1):
            manager = user(f"{slug}-manager{number:04d}", Role.SITE_MANAGER, employer, group)
            for site_id in group:
                frame.manager_of_site[site_id] = manager
        main = MAIN_PROGRAMMES[index % len(MAIN_PROGRAMMES)]
        second_sites = site_ids[::8] if index == 0 and len(site_ids) >= 8 else []
        specs = [(main, site_ids, share * (0.85 if second_sites else 1.0))]
        if second_sites:
            specs.append((SECOND_PROGRAMME, second_sites, share * 0.15))
        for (title, stages, english), taking_part, weight in specs:
            frame.programmes.append(
                _programme(writer, employer, title, stages, english, taking_part, weight, founded)
            )

    coaches = max(1, round(candidates / 200))
    for index, size in enumerate(_provider_sizes(rng, coaches)):
        prefix = _prefix(index)
        town = TOWNS[index % len(TOWNS)][0]
        words = f"{rng.choice(PROVIDER_WORDS)} {rng.choice(PROVIDER_KINDS)}"
        provider = writer.add(
            "organisation",
            name=f"{town} {words} {prefix}",
            kind=OrganisationKind.SUPPORT_PROVIDER,
            reference_prefix=prefix,
            created_at=founded,
        )
        if index == 0:
            user("admin", Role.ADMIN, provider)
        for n in range(1, size + 1):
            coach = user(f"{prefix.lower()}-coach{n:02d}", Role.COACH, provider)
            frame.coaches.append(Coach(coach, provider, prefix))
    return frame


def _account_writer(writer, rng, frame, founded, password_hash):
    def user(local: str, role: Role, organisation: int, site_ids=()) -> int:
        email = f"{local}@{DOMAIN}"
        user_id = writer.add(
            "user",
            email=email,
            name=rng.choice(PEOPLE),
            password_hash=password_hash,
            role=role,
            organisation_id=organisation,
            active=True,
            created_at=founded + timedelta(days=rng.randint(0, 20)),
        )
        for site_id in site_ids:
            writer.add("user_sites", user_id=user_id, site_id=site_id)
        frame.accounts.append((email, role, f"{len(site_ids)} sites" if site_ids else ""))
        return user_id

    return user


def _programme(writer, employer, title, stages, english, site_ids, weight, founded) -> Programme:
    programme_id = writer.add(
        "programme",
        employer_id=employer,
        name=title,
        active=True,
        created_at=founded + timedelta(days=25),
        min_english_level=english,
        right_to_work_required=True,
        min_age=18,
        qualifying_nrm=[d.value for d in DEFAULT_QUALIFYING_NRM],
        follow_up_by=FollowUpBy.COACH,
    )
    copies = []
    for position, spec in enumerate(stages):
        writer.add(
            "programme_stage",
            programme_id=programme_id,
            position=position,
            name=spec.name,
            duration_amount=spec.duration_amount,
            duration_unit=spec.duration_unit,
            is_interview=spec.is_interview,
        )
        copies.append(
            StageCopy(
                position, spec.name, spec.duration_amount, spec.duration_unit, spec.is_interview
            )
        )
    for site_id in site_ids:
        writer.add("programme_sites", programme_id=programme_id, site_id=site_id)
    return Programme(programme_id, employer, title, tuple(copies), english, site_ids, weight)


def _split(total: int, shares: list[float]) -> list[int]:
    """``total`` split by ``shares``, at least one each, adding up exactly."""
    counts = [max(1, int(total * share)) for share in shares]
    counts[0] += total - sum(counts)
    return counts


def _sites(rng: random.Random, employer: int, count: int):
    places = [(town, region, street) for town, region in TOWNS for street in STREETS]
    rng.shuffle(places)
    for n in range(count):
        town, region, street = places[n % len(places)]
        suffix = f" {n // len(places) + 1}" if n >= len(places) else ""
        yield {
            "employer_id": employer,
            "name": f"{town} {street}{suffix}",
            "town": town,
            "region": region,
        }


def _site_groups(rng: random.Random, site_ids: list[int]):
    """Stores with their own manager, and areas of 5 to 30 stores under an area manager."""
    i = 0
    while i < len(site_ids):
        size = rng.choice((1, 1, 1, 2, 2, 3)) if rng.random() < 0.6 else rng.randint(5, 30)
        yield site_ids[i : i + size]
        i += size


def _provider_sizes(rng: random.Random, coaches: int):
    """Small charities with one coach, and larger ones with up to 12."""
    left = coaches
    while left > 0:
        size = min(left, 1 if rng.random() < 0.4 else rng.randint(2, 12))
        yield size
        left -= size


def _prefix(n: int) -> str:
    """A distinct reference prefix per provider: SAA, SAB, ... (SAAA on from the 530th)."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    width = 2 if n < len(letters) ** 2 else 3
    code = ""
    for _ in range(width):
        n, digit = divmod(n, len(letters))
        code = letters[digit] + code
    return "S" + code
