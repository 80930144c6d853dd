"""The 'overdue MVA action' reminder rule, registered with the reminders app's rule registry from
MvaConfig.ready(). The sweep does the rest: repeats, answering (the action is marked done and stops being
a candidate), escalation of the third unanswered reminder, digests and the outbox."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reminders.rules import BaseRule, Candidate, SweepContext

from .models import Action


class OverdueMvaAction(BaseRule):
    """An open action of a current assessment revision is past its due date: remind the responsible person."""

    key = "mva_action_overdue"
    label = gettext_lazy("MVA action overdue")

    def candidates(self, ctx: SweepContext):
        rows = (
            Action.objects.overdue(ctx.today)
            .values_list("pk", "title", "due_date", "responsible_id", "assessment_id", "assessment__experiment_id")
            .order_by("pk")
        )
        marker = "0000000000"
        template = reverse("mva:detail", kwargs={"pk": marker}) + "#actions"
        for pk, title, due_date, responsible_id, assessment_id, experiment_id in rows.iterator(chunk_size=2000):
            yield Candidate(
                item_key=f"mva-action:{pk}",
                recipient_ids=(responsible_id,),
                experiment_id=experiment_id,
                url=template.replace(marker, str(assessment_id)),
                params={"title": title, "due_date": due_date.isoformat()},
            )

    def describe(self, reminder) -> str:
        due = reminder.params.get("due_date")
        return _("Change impact assessment action “%(title)s” is overdue: it was due on %(date)s.") % {
            "title": reminder.params.get("title", ""),
            "date": formats.date_format(datetime.date.fromisoformat(due), "SHORT_DATE_FORMAT") if due else "",
        }
