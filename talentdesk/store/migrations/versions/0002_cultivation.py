"""cultivation (issue 4): mentoring activities, studios, training, tiers, reserve pool

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Reserved in the chain so that the areas can be built in parallel; this revision creates the
cultivation tables (no database with revision 0002 was released before they were added).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("organiser", sa.String(length=100), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("credits", sa.Float(), nullable=True),
        sa.Column("form", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
        sa.UniqueConstraint("name", "start", name=op.f("uq_training_course_name")),
    )
    op.create_table(
        "reserve_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("pool", sa.String(length=10), nullable=False),
        sa.Column("entered", sa.String(length=10), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("exited", sa.String(length=10), nullable=True),
        sa.Column("exit_reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_reserve_entry_school_id_school"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_reserve_entry_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reserve_entry")),
    )
    op.create_index(op.f("ix_reserve_entry_teacher_id"), "reserve_entry", ["teacher_id"], unique=False)
    op.create_table(
        "studio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_id"], ["teacher.id"], name=op.f("fk_studio_host_id_teacher"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_studio_school_id_school"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio")),
        sa.UniqueConstraint("name", name=op.f("uq_studio_name")),
    )
    op.create_index(op.f("ix_studio_host_id"), "studio", ["host_id"], unique=False)
    op.create_index(op.f("ix_studio_school_id"), "studio", ["school_id"], unique=False)
    op.create_table(
        "training_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_record_course_id_training_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_training_record_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_record")),
        sa.UniqueConstraint("course_id", "teacher_id", name=op.f("uq_training_record_course_id")),
    )
    op.create_index("ix_training_record_teacher_course", "training_record", ["teacher_id", "course_id"], unique=False)
    op.create_table(
        "pairing_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pairing_id"], ["pairing.id"], name=op.f("fk_pairing_activity_pairing_id_pairing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_activity")),
    )
    op.create_index(op.f("ix_pairing_activity_pairing_id"), "pairing_activity", ["pairing_id"], unique=False)
    op.create_table(
        "studio_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("joined", sa.String(length=10), nullable=True),
        sa.Column("left", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["studio_id"], ["studio.id"], name=op.f("fk_studio_member_studio_id_studio"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_studio_member_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio_member")),
        sa.UniqueConstraint("studio_id", "teacher_id", name=op.f("uq_studio_member_studio_id")),
    )
    op.create_index(op.f("ix_studio_member_studio_id"), "studio_member", ["studio_id"], unique=False)
    op.create_index(op.f("ix_studio_member_teacher_id"), "studio_member", ["teacher_id"], unique=False)
    op.create_table(
        "studio_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("people", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["studio_id"], ["studio.id"], name=op.f("fk_studio_record_studio_id_studio"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studio_record")),
    )
    op.create_index(op.f("ix_studio_record_studio_id"), "studio_record", ["studio_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_studio_record_studio_id"), table_name="studio_record")
    op.drop_table("studio_record")
    op.drop_index(op.f("ix_studio_member_teacher_id"), table_name="studio_member")
    op.drop_index(op.f("ix_studio_member_studio_id"), table_name="studio_member")
    op.drop_table("studio_member")
    op.drop_index(op.f("ix_pairing_activity_pairing_id"), table_name="pairing_activity")
    op.drop_table("pairing_activity")
    op.drop_index("ix_training_record_teacher_course", table_name="training_record")
    op.drop_table("training_record")
    op.drop_index(op.f("ix_studio_school_id"), table_name="studio")
    op.drop_index(op.f("ix_studio_host_id"), table_name="studio")
    op.drop_table("studio")
    op.drop_index(op.f("ix_reserve_entry_teacher_id"), table_name="reserve_entry")
    op.drop_table("reserve_entry")
    op.drop_table("training_course")
