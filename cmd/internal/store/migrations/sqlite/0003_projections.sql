-- 0003_projections: readable tables for report tools (SQLite).
-- Each row mirrors a record of the records table (or, for organizations,
-- posts and appointments, the one stored structure) and is written in the
-- same transaction as the record; zerend fills them from the records the
-- first time it opens a database that has none. Report tools read them
-- (SELECT only); the records and the audit log remain the truth. Times are
-- ISO 8601 text in UTC (2026-03-31T16:00:00Z); enums are their names.
CREATE TABLE p_organizations (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    level_id TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    member_count INTEGER NOT NULL
);
CREATE INDEX p_organizations_unit_id ON p_organizations (unit_id);
CREATE INDEX p_organizations_parent_id ON p_organizations (parent_id);
CREATE TABLE p_posts (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    post_kind_id TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX p_posts_organization_id ON p_posts (organization_id);
CREATE TABLE p_appointments (
    id TEXT NOT NULL PRIMARY KEY,
    post_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL
);
CREATE INDEX p_appointments_person_id ON p_appointments (person_id);
CREATE INDEX p_appointments_post_id ON p_appointments (post_id);
CREATE TABLE p_assignments (
    record_id TEXT NOT NULL PRIMARY KEY,
    id TEXT NOT NULL,
    year INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_index INTEGER NOT NULL,
    target REAL NOT NULL,
    actual REAL NOT NULL,
    status TEXT NOT NULL,
    due_at TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    evidence_count INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    task_kind TEXT NOT NULL
);
CREATE INDEX p_assignments_organization_id ON p_assignments (organization_id);
CREATE INDEX p_assignments_person_id ON p_assignments (person_id);
CREATE INDEX p_assignments_year ON p_assignments (year);
CREATE TABLE p_cases (
    id TEXT NOT NULL PRIMARY KEY,
    title TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    lead_unit_id TEXT NOT NULL,
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    urgency TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    overdue_count INTEGER NOT NULL,
    yellow_card INTEGER NOT NULL,
    escalated INTEGER NOT NULL
);
CREATE INDEX p_cases_organization_id ON p_cases (organization_id);
CREATE INDEX p_cases_state ON p_cases (state);
CREATE TABLE p_results (
    record_id TEXT NOT NULL PRIMARY KEY,
    run_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_year INTEGER NOT NULL,
    period_index INTEGER NOT NULL,
    score TEXT NOT NULL,
    grade_id TEXT NOT NULL,
    ranking INTEGER NOT NULL,
    incomplete INTEGER NOT NULL
);
CREATE INDEX p_results_run_id ON p_results (run_id);
CREATE INDEX p_results_unit_id ON p_results (unit_id);
CREATE TABLE p_proposals (
    id TEXT NOT NULL PRIMARY KEY,
    trigger_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    measure TEXT NOT NULL,
    custom_measure TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_year INTEGER NOT NULL,
    period_index INTEGER NOT NULL
);
CREATE INDEX p_proposals_organization_id ON p_proposals (organization_id);
CREATE INDEX p_proposals_status ON p_proposals (status);
CREATE TABLE p_built (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
);
