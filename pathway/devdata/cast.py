"""The demo's cast: its organisations, their sites and the accounts people sign in with."""

from __future__ import annotations

from pathway.auth.models import Role

# --- organisations, sites and accounts ---------------------------------------------------

RETAILER = "Harrow & Vale Co-operative Stores"
LOGISTICS = "Northline Logistics"
HARBOUR = "Harbour Light Trust"
NEW_DAWN = "New Dawn Integration"
PROVIDERS = ((HARBOUR, "HL"), (NEW_DAWN, "ND"))

# key: (employer, site name, town, region)
SITES = {
    "headingley": (RETAILER, "Leeds Headingley", "Leeds", "Yorkshire"),
    "bradford": (RETAILER, "Bradford Manningham Lane", "Bradford", "Yorkshire"),
    "sheffield": (RETAILER, "Sheffield Ecclesall Road", "Sheffield", "Yorkshire"),
    "deansgate": (RETAILER, "Manchester Deansgate", "Manchester", "North West"),
    "bolton": (RETAILER, "Bolton Chorley New Road", "Bolton", "North West"),
    "larklane": (RETAILER, "Liverpool Lark Lane", "Liverpool", "North West"),
    "moseley": (RETAILER, "Birmingham Moseley", "Birmingham", "West Midlands"),
    "earlsdon": (RETAILER, "Coventry Earlsdon", "Coventry", "West Midlands"),
    "wakefield": (LOGISTICS, "Wakefield Distribution Centre", "Wakefield", "Yorkshire"),
    "warrington": (LOGISTICS, "Warrington Distribution Centre", "Warrington", "North West"),
}

# (email, name, role, organisation, site keys)
ACCOUNTS = (
    ("admin@demo.test", "Helen Marsh", Role.ADMIN, HARBOUR, ()),
    ("coach@demo.test", "Daniel Price", Role.COACH, HARBOUR, ()),
    ("coach2@demo.test", "Grace Mensah", Role.COACH, NEW_DAWN, ()),
    ("lead@demo.test", "Sarah Whitfield", Role.PARTNERSHIP_LEAD, RETAILER, ()),
    ("manager@demo.test", "Tom Brennan", Role.SITE_MANAGER, RETAILER, ("headingley", "bradford")),
    (
        "manager2@demo.test",
        "Joanne Hartley",
        Role.SITE_MANAGER,
        RETAILER,
        ("deansgate", "bolton", "larklane"),
    ),
    ("cr@demo.test", "Catherine Lowe", Role.CR_OFFICER, RETAILER, ()),
    ("logistics-lead@demo.test", "Richard Okoro", Role.PARTNERSHIP_LEAD, LOGISTICS, ()),
    (
        "warehouse@demo.test",
        "Gareth Pryce",
        Role.SITE_MANAGER,
        LOGISTICS,
        ("wakefield", "warrington"),
    ),
)
COACH_OF = {"HL": "coach@demo.test", "ND": "coach2@demo.test"}
LEAD_OF = {RETAILER: "lead@demo.test", LOGISTICS: "logistics-lead@demo.test"}
