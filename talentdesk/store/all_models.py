"""Every ORM model module, imported so that Base.metadata knows all tables (Alembic, tests).

Each area keeps its models in its own module next to models.py (which has the foundation
tables and Base); add a line here when an area adds one.
"""

from talentdesk.store import (
    models,  # noqa: F401  foundation: schools, teachers, histories, audit
    models_accounts,  # noqa: F401  issue 8: user accounts
    models_activities,  # noqa: F401  issue 21 §1: activities with teachers and the list of kinds
    models_competitions,  # noqa: F401  issue 21 §2: teaching competitions, entrants and awards
    models_cultivation,  # noqa: F401  issue 4: activities, studios, training, reserve pool
    models_deployment,  # noqa: F401  issue 5: rotation, separations, rural honours; issue 22 §2: 调配方案
    models_designations,  # noqa: F401  issue 20 §3: designation reviews during the term
    models_exchange,  # noqa: F401  issue 10: exchange packages between counties and city
    models_growth,  # noqa: F401  issue 21 §5: growth plans of programme members, degree study
    models_honours,  # noqa: F401  issue 17 §2: the bureau's list of honour names
    models_leaders,  # noqa: F401  issue 20 §1: school leaders' posts and the list of post names
    models_networks,  # noqa: F401  issue 21 §3: school-to-school pairings and the list of kinds
    models_postings,  # noqa: F401  issue 22 §2: postings outside the county (援藏/援疆) and their selection
    models_programmes,  # noqa: F401  issue 20 §3, 21 §5: talent and cultivation programmes
    models_recruitment,  # noqa: F401  issue 6: recruitment and talent services
    models_research,  # noqa: F401  issue 21 §5: research projects (课题) and their groups
    models_roles,  # noqa: F401  issue 21 §4: research roles (兼职教研员 …) and studio outputs
    models_staffing,  # noqa: F401  issue 22 §1: the 编制 ledger
    models_titles,  # noqa: F401  issue 20 §2: title routes and schools' post structures
)
from talentdesk.store.models import Base

__all__ = ["Base"]
