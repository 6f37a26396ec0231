"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=50), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "mentor_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("max_mentees", sa.Integer(), nullable=False),
        sa.Column("mentee_max_years", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_programme")),
    )
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("township", sa.String(length=50), nullable=True),
        sa.Column("area", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
        sa.UniqueConstraint("code", name=op.f("uq_school_code")),
        sa.UniqueConstraint("name", name=op.f("uq_school_name")),
    )
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_township"), ["township"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"], name=op.f("fk_audit_log_batch_id_import_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_teacher_id"), ["teacher_id"], unique=False)
        batch_op.create_index("ix_audit_record", ["table_name", "record_id"], unique=False)

    op.create_table(
        "school_year_stat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("students", sa.Integer(), nullable=True),
        sa.Column("classes", sa.Integer(), nullable=True),
        sa.Column("quota", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_school_year_stat_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_year_stat")),
        sa.UniqueConstraint("school_id", "school_year", "stage", name=op.f("uq_school_year_stat_school_id")),
    )
    with op.batch_alter_table("school_year_stat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_year_stat_school_id"), ["school_id"], unique=False)

    op.create_table(
        "teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_type", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("former_name", sa.String(length=50), nullable=True),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), nullable=True),
        sa.Column("political", sa.String(length=20), nullable=True),
        sa.Column("native_place", sa.String(length=50), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("work_start", sa.String(length=10), nullable=True),
        sa.Column("school_entry", sa.String(length=10), nullable=True),
        sa.Column("employment_form", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_date", sa.String(length=10), nullable=True),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("cur_post_school_id", sa.Integer(), nullable=True),
        sa.Column("cur_work_school_id", sa.Integer(), nullable=True),
        sa.Column("cur_title", sa.String(length=20), nullable=True),
        sa.Column("cur_degree", sa.String(length=20), nullable=True),
        sa.Column("cur_stage", sa.String(length=10), nullable=True),
        sa.Column("cur_subject", sa.String(length=20), nullable=True),
        sa.Column("cur_backbone", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["cur_post_school_id"], ["school.id"], name=op.f("fk_teacher_cur_post_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["cur_work_school_id"], ["school.id"], name=op.f("fk_teacher_cur_work_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher")),
        sa.UniqueConstraint("id_number", "id_type", name=op.f("uq_teacher_id_number")),
    )
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teacher_cur_post_school_id"), ["cur_post_school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teacher_cur_work_school_id"), ["cur_work_school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teacher_name"), ["name"], unique=False)

    op.create_table(
        "appraisal",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_appraisal_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal")),
        sa.UniqueConstraint("teacher_id", "year", name=op.f("uq_appraisal_teacher_id")),
    )
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "certificate",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("issued", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_certificate_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "designation",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("issuer", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_designation_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
    )
    with op.batch_alter_table("designation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designation_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "education",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("degree", sa.String(length=20), nullable=False),
        sa.Column("academic_degree", sa.String(length=10), nullable=True),
        sa.Column("institution", sa.String(length=100), nullable=True),
        sa.Column("major", sa.String(length=100), nullable=True),
        sa.Column("normal", sa.Boolean(), nullable=True),
        sa.Column("full_time", sa.Boolean(), nullable=True),
        sa.Column("highest", sa.Boolean(), nullable=False),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.Column("graduated", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_education_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education")),
    )
    with op.batch_alter_table("education", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_education_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "honour",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("issuer", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_honour_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour")),
    )
    with op.batch_alter_table("honour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_honour_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "pairing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("goals", sa.Text(), nullable=True),
        sa.Column("mentor_eval", sa.String(length=10), nullable=True),
        sa.Column("mentee_eval", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["teacher.id"], name=op.f("fk_pairing_mentee_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["teacher.id"], name=op.f("fk_pairing_mentor_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["mentor_programme.id"], name=op.f("fk_pairing_programme_id_mentor_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing")),
    )
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairing_mentee_id"), ["mentee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pairing_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "placement",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("from_school_id", sa.Integer(), nullable=True),
        sa.Column("to_school_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("actual_end", sa.String(length=10), nullable=True),
        sa.Column("moves_relation", sa.Boolean(), nullable=False),
        sa.Column("batch", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["from_school_id"], ["school.id"], name=op.f("fk_placement_from_school_id_school")),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_placement_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["to_school_id"], ["school.id"], name=op.f("fk_placement_to_school_id_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
    )
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placement_teacher_id"), ["teacher_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placement_to_school_id"), ["to_school_id"], unique=False)

    op.create_table(
        "post_record",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"], name=op.f("fk_post_record_school_id_school")),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_post_record_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_record")),
    )
    with op.batch_alter_table("post_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_record_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_post_record_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "teaching",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("head_teacher", sa.Boolean(), nullable=False),
        sa.Column("weekly_periods", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_teaching_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching")),
    )
    with op.batch_alter_table("teaching", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teaching_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "title_record",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=20), nullable=False),
        sa.Column("obtained", sa.String(length=10), nullable=True),
        sa.Column("appointed", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_title_record_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_record")),
    )
    with op.batch_alter_table("title_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_title_record_teacher_id"), ["teacher_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("title_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_title_record_teacher_id"))

    op.drop_table("title_record")
    with op.batch_alter_table("teaching", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teaching_teacher_id"))

    op.drop_table("teaching")
    with op.batch_alter_table("post_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_record_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_post_record_school_id"))

    op.drop_table("post_record")
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_to_school_id"))
        batch_op.drop_index(batch_op.f("ix_placement_teacher_id"))

    op.drop_table("placement")
    with op.batch_alter_table("pairing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairing_programme_id"))
        batch_op.drop_index(batch_op.f("ix_pairing_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_pairing_mentee_id"))

    op.drop_table("pairing")
    with op.batch_alter_table("honour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honour_teacher_id"))

    op.drop_table("honour")
    with op.batch_alter_table("education", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_education_teacher_id"))

    op.drop_table("education")
    with op.batch_alter_table("designation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designation_teacher_id"))

    op.drop_table("designation")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_teacher_id"))

    op.drop_table("certificate")
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_teacher_id"))

    op.drop_table("appraisal")
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_name"))
        batch_op.drop_index(batch_op.f("ix_teacher_cur_work_school_id"))
        batch_op.drop_index(batch_op.f("ix_teacher_cur_post_school_id"))

    op.drop_table("teacher")
    with op.batch_alter_table("school_year_stat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_year_stat_school_id"))

    op.drop_table("school_year_stat")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_record")
        batch_op.drop_index(batch_op.f("ix_audit_log_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_batch_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("setting")
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_township"))

    op.drop_table("school")
    op.drop_table("mentor_programme")
    op.drop_table("import_batch")
