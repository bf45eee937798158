"""retention, legal holds and disposal

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

- retention_holds: a legal hold on a case, a person or a record class, with
  its reason and reference, signed; lifted with a reason, signed.
- disposal_approvals: a case approved for disposal after a cancel window,
  signed; cancelled with a reason, signed.
- disposals: the tombstone of a disposed case (reference, class, when,
  certificate number, rows removed), signed.
- disposal_certificates: each disposal certificate PDF produced (its
  fingerprints), signed by whoever produced it.
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade() -> None:
    op.create_table('retention_holds',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('scope', sa.String(length=32), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=True),
                    sa.Column('person_id', sa.Integer(), nullable=True),
                    sa.Column('record_class', sa.String(length=32), nullable=True),
                    sa.Column('reason', sa.Text(), nullable=False),
                    sa.Column('reference', sa.String(length=500), nullable=False),
                    sa.Column('placed_by_id', sa.Integer(), nullable=False),
                    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
                    sa.Column('lift_reason', sa.Text(), nullable=True),
                    sa.Column('lift_signature', sa.LargeBinary(), nullable=True),
                    _fk('retention_holds', 'placed_by_id', 'users'),
                    _fk('retention_holds', 'lifted_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_holds')))
    op.create_index(op.f('ix_retention_holds_referral_id'), 'retention_holds', ['referral_id'])
    op.create_index(op.f('ix_retention_holds_person_id'), 'retention_holds', ['person_id'])
    op.create_table('disposal_approvals',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=False),
                    sa.Column('record_class', sa.String(length=32), nullable=False),
                    sa.Column('due_on', sa.Date(), nullable=False),
                    sa.Column('approved_by_id', sa.Integer(), nullable=False),
                    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('dispose_after', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
                    sa.Column('cancel_reason', sa.Text(), nullable=True),
                    sa.Column('cancel_signature', sa.LargeBinary(), nullable=True),
                    _fk('disposal_approvals', 'referral_id', 'referrals'),
                    _fk('disposal_approvals', 'approved_by_id', 'users'),
                    _fk('disposal_approvals', 'cancelled_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposal_approvals')))
    op.create_index(op.f('ix_disposal_approvals_referral_id'), 'disposal_approvals', ['referral_id'])
    op.create_table('disposals',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('referral_id', sa.Integer(), nullable=False),
                    sa.Column('reference', sa.String(length=20), nullable=False),
                    sa.Column('record_class', sa.String(length=32), nullable=False),
                    sa.Column('approval_id', sa.Integer(), nullable=False),
                    sa.Column('certificate', sa.String(length=32), nullable=False),
                    sa.Column('disposed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('disposed_by_id', sa.Integer(), nullable=False),
                    sa.Column('counts', sa.Text(), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=True),
                    _fk('disposals', 'referral_id', 'referrals'),
                    _fk('disposals', 'approval_id', 'disposal_approvals'),
                    _fk('disposals', 'disposed_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposals')),
                    sa.UniqueConstraint('referral_id', name=op.f('uq_disposals_referral_id')))
    op.create_index(op.f('ix_disposals_certificate'), 'disposals', ['certificate'])
    op.create_table('disposal_certificates',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('token', sa.String(length=32), nullable=False),
                    sa.Column('certificate', sa.String(length=32), nullable=False),
                    sa.Column('produced_by_id', sa.Integer(), nullable=False),
                    sa.Column('produced_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('pages', sa.Integer(), nullable=False),
                    sa.Column('content_fingerprint', sa.LargeBinary(), nullable=False),
                    sa.Column('file_sha256', sa.LargeBinary(length=32), nullable=False),
                    sa.Column('signature', sa.LargeBinary(), nullable=False),
                    _fk('disposal_certificates', 'produced_by_id', 'users'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposal_certificates')),
                    sa.UniqueConstraint('token', name=op.f('uq_disposal_certificates_token')),
                    sa.UniqueConstraint('file_sha256', name=op.f('uq_disposal_certificates_file_sha256')))
    op.create_index(op.f('ix_disposal_certificates_certificate'), 'disposal_certificates', ['certificate'])


def downgrade() -> None:
    op.drop_index(op.f('ix_disposal_certificates_certificate'), table_name='disposal_certificates')
    op.drop_table('disposal_certificates')
    op.drop_index(op.f('ix_disposals_certificate'), table_name='disposals')
    op.drop_table('disposals')
    op.drop_index(op.f('ix_disposal_approvals_referral_id'), table_name='disposal_approvals')
    op.drop_table('disposal_approvals')
    op.drop_index(op.f('ix_retention_holds_person_id'), table_name='retention_holds')
    op.drop_index(op.f('ix_retention_holds_referral_id'), table_name='retention_holds')
    op.drop_table('retention_holds')
