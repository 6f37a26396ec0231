"""recruitment (issue 6): hiring plans, batches, obligations, student pool, talent recognition

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Reserved in the chain so that the areas can be built in parallel; this revision creates the
recruitment and talent-service tables (no database with revision 0004 was released before they were added).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hiring_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_plan")),
    )
    with op.batch_alter_table("hiring_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hiring_plan_year"), ["year"], unique=False)

    op.create_table(
        "recruit_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("announced", sa.String(length=10), nullable=True),
        sa.Column("report_date", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruit_batch")),
    )
    with op.batch_alter_table("recruit_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recruit_batch_year"), ["year"], unique=False)

    op.create_table(
        "hiring_plan_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("proposed", sa.Integer(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["hiring_plan.id"], name=op.f("fk_hiring_plan_line_plan_id_hiring_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_hiring_plan_line_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_plan_line")),
    )
    with op.batch_alter_table("hiring_plan_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hiring_plan_line_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hiring_plan_line_school_id"), ["school_id"], unique=False)

    op.create_table(
        "subsidy_tier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_subsidy_tier_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_tier")),
        sa.UniqueConstraint("school_id", name=op.f("uq_subsidy_tier_school_id")),
    )
    op.create_table(
        "ethics_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_ethics_record_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ethics_record")),
    )
    with op.batch_alter_table("ethics_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ethics_record_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "local_student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("id_number", sa.String(length=30), nullable=True),
        sa.Column("from_school", sa.String(length=100), nullable=True),
        sa.Column("university", sa.String(length=100), nullable=True),
        sa.Column("major", sa.String(length=100), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("normal", sa.Boolean(), nullable=True),
        sa.Column("graduation", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("family_contact", sa.String(length=100), nullable=True),
        sa.Column("intention", sa.String(length=10), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_local_student_teacher_id_teacher"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_student")),
    )
    with op.batch_alter_table("local_student", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_local_student_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_local_student_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_local_student_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "service_obligation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=False),
        sa.Column("closed", sa.String(length=10), nullable=True),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_service_obligation_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_obligation")),
    )
    with op.batch_alter_table("service_obligation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_obligation_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "service_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("applied", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("handled", sa.String(length=10), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("room", sa.String(length=50), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_service_request_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request")),
    )
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_request_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "talent_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("monthly_pay", sa.Float(), nullable=True),
        sa.Column("duties", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_talent_agreement_school_id_school")),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_talent_agreement_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_agreement")),
    )
    with op.batch_alter_table("talent_agreement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talent_agreement_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "talent_recognition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=2), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("term_years", sa.Integer(), nullable=True),
        sa.Column("issuer", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_talent_recognition_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talent_recognition")),
    )
    with op.batch_alter_table("talent_recognition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talent_recognition_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("id_number", sa.String(length=30), nullable=True),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("university", sa.String(length=100), nullable=True),
        sa.Column("major", sa.String(length=100), nullable=True),
        sa.Column("degree", sa.String(length=20), nullable=True),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["recruit_batch.id"], name=op.f("fk_candidate_batch_id_recruit_batch"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_candidate_school_id_school")),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["local_student.id"],
            name=op.f("fk_candidate_student_id_local_student"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_candidate_teacher_id_teacher"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate")),
    )
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidate_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidate_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidate_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "student_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("by", sa.String(length=50), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["local_student.id"],
            name=op.f("fk_student_contact_student_id_local_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_contact")),
    )
    with op.batch_alter_table("student_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_student_contact_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("student_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_contact_student_id"))

    op.drop_table("student_contact")
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_school_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_id_number"))
        batch_op.drop_index(batch_op.f("ix_candidate_batch_id"))

    op.drop_table("candidate")
    with op.batch_alter_table("talent_recognition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talent_recognition_teacher_id"))

    op.drop_table("talent_recognition")
    with op.batch_alter_table("talent_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talent_agreement_teacher_id"))

    op.drop_table("talent_agreement")
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_request_teacher_id"))

    op.drop_table("service_request")
    with op.batch_alter_table("service_obligation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_obligation_teacher_id"))

    op.drop_table("service_obligation")
    with op.batch_alter_table("local_student", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_local_student_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_local_student_name"))
        batch_op.drop_index(batch_op.f("ix_local_student_id_number"))

    op.drop_table("local_student")
    with op.batch_alter_table("ethics_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ethics_record_teacher_id"))

    op.drop_table("ethics_record")
    op.drop_table("subsidy_tier")
    with op.batch_alter_table("hiring_plan_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hiring_plan_line_school_id"))
        batch_op.drop_index(batch_op.f("ix_hiring_plan_line_plan_id"))

    op.drop_table("hiring_plan_line")
    with op.batch_alter_table("recruit_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recruit_batch_year"))

    op.drop_table("recruit_batch")
    with op.batch_alter_table("hiring_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hiring_plan_year"))

    op.drop_table("hiring_plan")
