"""The permission matrix: every URL of the app × every role, as data.

tests/test_permission_matrix.py checks each cell against the running code (including direct POSTs to
other people's objects), fails for any URL the resolver knows that has no row here, and checks that the
README's table is rendered from this module (`python -m tests.permission_matrix` prints it).

Verdicts: "allow" (served: not 403/404/login redirect), "deny" (403), "login" (redirect to the login page),
"redirect" (sent to the read-only page), "public" (served without login; token- or provider-authorised).
Roles: the experiment is owned by `owner`; `receiver` is its receiving owner and the open handover's
recipient; `assessor` is the responsible assessor of its MVA assessment; `other_owner` owns another
experiment only (direct requests to someone else's objects); `viewer` has no role at all.
"""

from __future__ import annotations

ROLES = ["anonymous", "viewer", "other_owner", "owner", "receiver", "assessor", "steering", "coordinator"]
STAFF = ROLES[1:]

EVERYONE = set(STAFF)
COORD = {"coordinator"}
DECIDERS = {"steering", "coordinator"}
RUNS_IT = {"owner", "receiver", "coordinator"}
OWNER_OR_COORD = {"owner", "coordinator"}
RECEIVER = {"receiver"}
ASSESSMENT_EDITORS = {"assessor", "coordinator"}
PUBLIC = "public"
ANY = "any"  # log out: everyone, signed in or not, ends up on the login page
SELF = "self"  # the user's own settings: everyone signed in, on their own account only


def row(get=None, post=None, label="", denied="403"):
    """A URL's rule per method: a set of roles allowed (others denied), PUBLIC, or None (method not served).
    `denied` is what a signed-in user without the right gets: 403, or "redirect" to a read-only page."""
    return {"GET": get, "POST": post, "label": label, "denied": denied}


MATRIX: dict[str, dict] = {
    # Accounts
    "login": row(PUBLIC, PUBLIC, "Log in"),
    "logout": row(None, ANY, "Log out"),
    "accounts:settings": row(EVERYONE, EVERYONE, "Own settings (language, reminders)"),
    "accounts:language": row(None, PUBLIC, "Switch language"),
    "accounts:accessibility": row(PUBLIC, None, "Accessibility statement"),
    "accounts:password_change": row(EVERYONE, EVERYONE, "Change own password"),
    "accounts:password_change_done": row(EVERYONE, None, "Password changed"),
    "oidc_authentication_init": row(PUBLIC, None, "Single sign-on start (404 unless enabled)"),
    "oidc_authentication_callback": row(PUBLIC, None, "Single sign-on callback (404 unless enabled)"),
    # Portfolio
    "experiments:portfolio": row(EVERYONE, None, "Portfolio"),
    "experiments:detail": row(EVERYONE, None, "Experiment page"),
    "experiments:status_create": row(RUNS_IT, RUNS_IT, "Post a status update"),
    "experiments:phase_change": row(None, COORD, "Change phase (not permanent/stopped)"),
    # Consolidation
    "consolidation:my_work": row(EVERYONE, None, "My work"),
    "consolidation:plan": row(RUNS_IT, RUNS_IT, "Edit the continuation plan"),
    "consolidation:plan_submit": row(None, RUNS_IT, "Submit the plan for approval"),
    "consolidation:milestone_create": row(RUNS_IT, RUNS_IT, "Add a milestone"),
    "consolidation:milestone_edit": row(RUNS_IT, RUNS_IT, "Edit a milestone"),
    "consolidation:milestone_done": row(None, RUNS_IT, "Mark a milestone done (also its responsible person)"),
    "consolidation:handover_propose": row(None, OWNER_OR_COORD, "Propose handover"),
    "consolidation:handover_answer": row(RECEIVER, RECEIVER, "Accept or decline a handover"),
    "consolidation:handover_withdraw": row(None, OWNER_OR_COORD, "Withdraw a handover proposal"),
    "consolidation:decision_create": row(DECIDERS, DECIDERS, "Record a steering-group decision"),
    "consolidation:meetings": row(EVERYONE, None, "Meetings"),
    "consolidation:meeting_create": row(DECIDERS, DECIDERS, "Create a meeting"),
    "consolidation:meeting": row(EVERYONE, None, "Meeting pack"),
    "consolidation:meeting_decide": row(DECIDERS, DECIDERS, "Decide inline from the pack"),
    # MVA
    "mva:list": row(EVERYONE, None, "Assessments"),
    "mva:create": row(COORD, COORD, "Start an assessment"),
    "mva:import": row(COORD, COORD, "Import an assessment (JSON)"),
    "mva:detail": row(EVERYONE, None, "Assessment (read-only)"),
    "mva:edit": row(
        {"assessor", "coordinator", "steering"}, None, "Assessment workspace (others: read-only)", denied="redirect"
    ),
    "mva:launch_save": row(None, ASSESSMENT_EDITORS, "Save launch data"),
    "mva:phase_set": row(None, ASSESSMENT_EDITORS, "Move the assessment's phase"),
    "mva:area_save": row(None, ASSESSMENT_EDITORS, "Save one impact area"),
    "mva:workshop_add": row(None, ASSESSMENT_EDITORS, "Add a workshop"),
    "mva:workshop_delete": row(None, ASSESSMENT_EDITORS, "Delete a workshop"),
    "mva:action_add": row(None, ASSESSMENT_EDITORS, "Add an action"),
    "mva:decision": row(None, DECIDERS, "Record the MVA decision"),
    "mva:later_save": row(None, ASSESSMENT_EDITORS, "Model update and follow-up"),
    "mva:revision_start": row(None, ASSESSMENT_EDITORS, "Start a new revision"),
    "mva:report": row(EVERYONE, None, "Printable report"),
    "mva:export_json": row(EVERYONE, None, "Export JSON"),
    "mva:export_csv": row(EVERYONE, None, "Export CSV"),
    "mva:action_edit": row(ASSESSMENT_EDITORS, ASSESSMENT_EDITORS, "Edit an action"),
    "mva:action_done": row(None, ASSESSMENT_EDITORS, "Mark an action done (also its responsible person)"),
    "mva:experiment": row(EVERYONE, None, "An experiment's assessments and exemption"),
    "mva:exemption_record": row(None, COORD, "Record an MVA exemption"),
    "mva:exemption_revoke": row(None, COORD, "Revoke an MVA exemption"),
    "mva:template_list": row(EVERYONE, None, "MVA template versions"),
    "mva:template_version": row(EVERYONE, None, "One template version"),
    "mva:template_draft": row(None, COORD, "Start a template draft"),
    "mva:template_area_add": row(None, COORD, "Add a template area"),
    "mva:template_area_save": row(None, COORD, "Edit a template area"),
    "mva:template_area_remove": row(None, COORD, "Remove a template area"),
    "mva:template_publish": row(None, COORD, "Publish a template version"),
    # Reminders
    "reminders:log": row(COORD, None, "Reminder log"),
    "reminders:action": row(PUBLIC, PUBLIC, "One-click e-mail action (signed link; GET changes nothing)"),
    # Reports
    "reports:dashboard": row(EVERYONE, None, "Dashboard"),
    "reports:indicators": row(COORD, COORD, "Edit programme indicators"),
    "reports:portfolio_csv": row(EVERYONE, None, "Portfolio CSV"),
    "reports:portfolio_xlsx": row(EVERYONE, None, "Portfolio XLSX"),
    "reports:meeting_pdf": row(EVERYONE, None, "Meeting pack PDF"),
    "reports:mva_pdf": row(EVERYONE, None, "MVA report PDF"),
}

ROLE_HEADERS = {
    "viewer": "viewer",
    "other_owner": "owner of another experiment",
    "owner": "experiment owner",
    "receiver": "receiving owner",
    "assessor": "responsible assessor",
    "steering": "steering group",
    "coordinator": "coordinator",
}


def verdict(rule, role: str) -> str:
    if rule is None:
        return "–"
    if rule in (PUBLIC, ANY):
        return rule
    if role == "anonymous":
        return "login"
    return "allow" if role in rule else "deny"


def markdown_table() -> str:
    """The README table: one row per URL and method; ✓ allowed, – refused (403). Anonymous users are
    always sent to log in except on the pages marked public."""
    headers = ["action", "method", *ROLE_HEADERS.values()]
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    for name, rule in MATRIX.items():
        for method in ("GET", "POST"):
            allowed = rule[method]
            if allowed is None:
                continue
            if allowed in (PUBLIC, ANY):
                cells = ["public" if allowed == PUBLIC else "✓"] * len(ROLE_HEADERS)
            else:
                cells = ["✓" if role in allowed else "–" for role in ROLE_HEADERS]
            lines.append(f"| {rule['label']} (`{name}`) | {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
