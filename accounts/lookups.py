"""Integer lookups that never send an out-of-range number to the database.

A hostile form value such as 99999999999999999999 for a foreign key reaches `pk=…` or `pk__in=[…]`.
PostgreSQL's exact lookup already treats that as "no row", but SQLite raises OverflowError and neither
guards `in`: the user would get a 500 instead of "select a valid choice". These lookups make both
databases answer "no such row". Registered once, from AccountsConfig.ready().
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In, IntegerFieldExact

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _in_range(value) -> bool:
    return not isinstance(value, int) or BIGINT_MIN <= value <= BIGINT_MAX


class BoundedIntegerExact(IntegerFieldExact):
    def process_rhs(self, compiler, connection):
        if not _in_range(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class BoundedIntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = [value for value in self.rhs if _in_range(value)]
            if not self.rhs:
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(BoundedIntegerExact)
    IntegerField.register_lookup(BoundedIntegerIn)
