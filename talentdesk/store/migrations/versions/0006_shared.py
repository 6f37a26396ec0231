"""shared database (issue 10): a version on every record clerks edit; a county on each school

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

version: optimistic concurrency (store.models.Versioned) — two clerks editing the same record on one server
never overwrite each other silently. school.county: a city database holds the schools of several
counties (exchange packages); a county's own database leaves it empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

VERSIONED = (
    "hiring_plan",
    "mentor_programme",
    "recruit_batch",
    "rotation_year",
    "school",
    "training_course",
    "watch_rule",
    "hiring_plan_line",
    "school_year_stat",
    "subsidy_tier",
    "teacher",
    "appraisal",
    "certificate",
    "designation",
    "education",
    "ethics_record",
    "honour",
    "local_student",
    "pairing",
    "placement",
    "post_record",
    "reserve_entry",
    "rotation_exclusion",
    "rural_honour",
    "separation",
    "service_obligation",
    "service_request",
    "studio",
    "talent_agreement",
    "talent_recognition",
    "teacher_situation",
    "teaching",
    "title_record",
    "training_record",
    "candidate",
    "pairing_activity",
    "rotation_proposal",
    "student_contact",
    "studio_member",
    "studio_record",
)


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("school", sa.Column("county", sa.String(length=50), nullable=True))
    op.create_index(op.f("ix_school_county"), "school", ["county"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_school_county"), table_name="school")
    with op.batch_alter_table("school") as batch:
        batch.drop_column("county")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
