"""activities with teachers (issue 21 §1): the register, its participants and the bureau's list of kinds

Revision ID: 0016
Revises: 0018
Create Date: 2026-12-06

Pairing (pairing_activity) and studio (studio_record) activities stay where they are: the statistics count the
three sources in one figure, so no row moves here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0018"
branch_labels = None
depends_on = None

# domain.activities.DEFAULT_KINDS when this migration was written (a migration never imports the code it outlives)
DEFAULT_KINDS = (
    "送教下乡",
    "联片教研",
    "城乡片区联合教研",
    "教育大讲堂",
    "公开课",
    "示范课",
    "评优课",
    "推门课",
    "听课",
    "师德承诺",
    "警示教育",
    "师德巡讲",
    "走访慰问",
    "青年教师联谊",
    "宣传报道",
    "红色教育",
    "思政研学",
)


def upgrade() -> None:
    kinds = op.create_table(
        "activity_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_kind_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("organiser", sa.String(length=100), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("lessons", sa.Float(), nullable=True),
        sa.Column("lectures", sa.Float(), nullable=True),
        sa.Column("sessions", sa.Float(), nullable=True),
        sa.Column("person_times", sa.Float(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_activity_school_id_school"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    op.create_index(op.f("ix_activity_kind"), "activity", ["kind"], unique=False)
    op.create_index(op.f("ix_activity_start"), "activity", ["start"], unique=False)
    op.create_index(op.f("ix_activity_school_id"), "activity", ["school_id"], unique=False)
    op.create_table(
        "activity_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_participant_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_activity_participant_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participant")),
        sa.UniqueConstraint("activity_id", "teacher_id", name=op.f("uq_activity_participant_activity_id")),
    )
    op.create_index(op.f("ix_activity_participant_activity_id"), "activity_participant", ["activity_id"], unique=False)
    op.create_index(op.f("ix_activity_participant_teacher_id"), "activity_participant", ["teacher_id"], unique=False)
    op.bulk_insert(kinds, [{"name": n, "position": i, "version": 1} for i, n in enumerate(DEFAULT_KINDS, 1)])


def downgrade() -> None:
    op.drop_index(op.f("ix_activity_participant_teacher_id"), table_name="activity_participant")
    op.drop_index(op.f("ix_activity_participant_activity_id"), table_name="activity_participant")
    op.drop_table("activity_participant")
    op.drop_index(op.f("ix_activity_school_id"), table_name="activity")
    op.drop_index(op.f("ix_activity_start"), table_name="activity")
    op.drop_index(op.f("ix_activity_kind"), table_name="activity")
    op.drop_table("activity")
    op.drop_table("activity_kind")
